/** Strategy page — placeholder until it is built. */
export default function Strategy() {
  return (
    <section>
      <h1>Strategy</h1>
    </section>
  );
}
