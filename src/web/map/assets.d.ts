/** Vite's `?url` imports: the URL of the emitted asset (used for ELK's Web Worker). */
declare module "*?url" {
  const url: string;
  export default url;
}
