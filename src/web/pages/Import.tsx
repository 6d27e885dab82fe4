/** Import page — placeholder until it is built. */
export default function Import() {
  return (
    <section>
      <h1>Import</h1>
    </section>
  );
}
