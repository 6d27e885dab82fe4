/** Units page — placeholder until it is built. */
export default function Units() {
  return (
    <section>
      <h1>Units</h1>
    </section>
  );
}
