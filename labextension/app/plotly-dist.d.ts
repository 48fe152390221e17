// Types for the parts of plotly.js (package plotly.js-dist-min, which ships none) that
// app/chunks/plotly.ts uses.
declare module "plotly.js-dist-min" {
  const Plotly: {
    newPlot(div: HTMLElement, data: unknown[], layout: object, config: object): Promise<unknown>;
    react(div: HTMLElement, data: unknown[], layout: object, config: object): Promise<unknown>;
    purge(div: HTMLElement): void;
    Plots: { resize(div: HTMLElement): Promise<unknown> };
  };
  export default Plotly;
}
