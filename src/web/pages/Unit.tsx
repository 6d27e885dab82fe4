/** Unit page — placeholder until it is built. */
export default function Unit() {
  return (
    <section>
      <h1>Unit</h1>
    </section>
  );
}
