/** MyWork page — placeholder until it is built. */
export default function MyWork() {
  return (
    <section>
      <h1>MyWork</h1>
    </section>
  );
}
