/** Overview page — placeholder until it is built. */
export default function Overview() {
  return (
    <section>
      <h1>Overview</h1>
    </section>
  );
}
