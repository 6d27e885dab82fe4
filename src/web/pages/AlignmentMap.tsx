/** AlignmentMap page — placeholder until it is built. */
export default function AlignmentMap() {
  return (
    <section>
      <h1>AlignmentMap</h1>
    </section>
  );
}
