/** KeptAnswers that keep no list pages (loaded only through no-kept-pages.hooks.mjs, by the hazard and platform benches). */
import { KeptAnswers as Kept } from '../../src/server/db/kept-answers';

// Everything else of the module as it is (KeptViews…); the class below takes the place of its KeptAnswers.
export * from '../../src/server/db/kept-answers';

export class KeptAnswers<T> extends Kept<T> {
  override get(database: object, key: string, load: () => Promise<T>): Promise<T> {
    return this.what.endsWith('pages') ? load() : super.get(database, key, load);
  }
}
