/** Goal page — placeholder until it is built. */
export default function Goal() {
  return (
    <section>
      <h1>Goal</h1>
    </section>
  );
}
