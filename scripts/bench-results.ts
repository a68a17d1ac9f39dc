// Figures one bench part measures and a later one (the scale-on-paper part) uses, within one run.
export const measured: Record<string, number> = {};
