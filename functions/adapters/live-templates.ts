/**
 * Templates as they are on disk now, for `digest dev` only: when a file under templates/ changes,
 * MJML compiles the set again (scripts/compile-templates.mjs, loaded on demand) so that the
 * preview shows the edit without a rebuild. A template that does not compile keeps the last good
 * set in use and reports the error. Nothing on a send path imports this module.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createRenderer,
  type Renderer,
  renderConfirmation,
  renderForward,
  renderIssue,
  type TemplateSources,
} from './render-issue.js';

interface CompileModule {
  compileAll(dir: string): Promise<{ hash: string; templates: TemplateSources }>;
}

export interface LiveTemplates {
  /** Changes whenever a template file changes (mtimes and sizes of every .mjml). */
  fingerprint(): Promise<string>;
  /** The renderer for the templates on disk, and the compile error when the last edit broke them. */
  current(): Promise<{ renderer: Renderer; error: string | null; live: boolean }>;
}

const BUILT_IN: Renderer = { renderIssue, renderConfirmation, renderForward };

async function mjmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await mjmlFiles(path)));
    else if (entry.name.endsWith('.mjml')) out.push(path);
  }
  return out.sort();
}

/**
 * @param templatesDir the folder of *.mjml (templates/ of the package, or DIGEST_TEMPLATES_DIR)
 * @param compilerPath scripts/compile-templates.mjs of the package
 */
export function createLiveTemplates(templatesDir: string, compilerPath: string): LiveTemplates {
  let compiledFor: string | null = null;
  let renderer: Renderer = BUILT_IN;
  let live = false;
  let error: string | null = null;
  let pending: Promise<void> | null = null;

  async function fingerprint(): Promise<string> {
    try {
      const files = await mjmlFiles(templatesDir);
      const stats = await Promise.all(files.map(async (f) => [f, await stat(f)] as const));
      return stats.map(([f, s]) => `${f.slice(templatesDir.length)}:${s.mtimeMs}:${s.size}`).join('|');
    } catch {
      return 'built-in';
    }
  }

  async function refresh(print: string): Promise<void> {
    if (print === 'built-in') {
      compiledFor = print;
      return;
    }
    try {
      const compiler = (await import(pathToFileURL(compilerPath).href)) as CompileModule;
      const { templates } = await compiler.compileAll(templatesDir);
      renderer = createRenderer(templates);
      live = true;
      error = null;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    compiledFor = print;
  }

  return {
    fingerprint,
    async current() {
      const print = await fingerprint();
      if (print !== compiledFor) {
        pending ??= refresh(print).finally(() => {
          pending = null;
        });
        await pending;
      }
      return { renderer, error, live };
    },
  };
}
