/** The frozen ranker and what its training measured (speaker accuracy on PolNeAR train). */
export interface SpeakerModel {
  features: readonly string[];
  weights: number[];
  threshold: number;
  measured: {
    quotations: number;
    /** The sieves' own speaker, without the ranker. */
    sievesAlone: number;
    lambda: number;
    /** 5-fold cross-validation, folds by article. */
    articleCv: number;
    /** Leave one outlet out. */
    outletCv: number;
    train: number;
  };
}
