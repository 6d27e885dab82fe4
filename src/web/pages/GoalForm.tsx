/** GoalForm page — placeholder until it is built. */
export default function GoalForm() {
  return (
    <section>
      <h1>GoalForm</h1>
    </section>
  );
}
