/**
 * The layering rules of functions/ (see CONTRIBUTING.md), read from the sources' own imports with the TypeScript
 * scanner: no import cycle anywhere (type-only imports count: a cycle of types is still two modules that cannot be
 * understood apart), use cases reach services only through ports, and the core imports no outer layer (the ports'
 * interfaces are the core's to use).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PROCESS_ENV_RE = /\bprocess\.env\b/;
const FUNCTIONS = join(ROOT, 'functions');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file imports (static, type-only, re-exports and dynamic import()), as repository paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(ROOT, resolve(dirname(file), name.replace(/\.js$/, '.ts'))));
}

const graph = new Map(sourcesUnder(FUNCTIONS).map((file) => [relative(ROOT, file), importsOf(file)]));

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!edges.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

function importsFrom(layer: string, forbidden: readonly string[]): string[] {
  return [...graph]
    .filter(([file]) => file.startsWith(`functions/${layer}/`))
    .flatMap(([file, imports]) =>
      imports
        .filter((i) => forbidden.some((f) => i.startsWith(`functions/${f}/`)))
        .map((i) => `${file} → ${i}`),
    );
}

describe('layers', () => {
  it('the scan sees the sources and their imports', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('functions/use-cases/briefing.ts')).toContain('functions/use-cases/read-sources.ts');
  });

  it('finds a cycle when there is one', () => {
    const a = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(a)).toEqual([['a', 'b', 'c']]);
  });

  it('no import cycle under functions/', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('use cases import no adapter, handler or CLI module', () => {
    expect(importsFrom('use-cases', ['adapters', 'handlers', 'cli', 'admin'])).toEqual([]);
  });

  it('the console and the Lambda handlers import no CLI module (what they share with it lives in use cases)', () => {
    expect([...importsFrom('admin', ['cli']), ...importsFrom('handlers', ['cli'])]).toEqual([]);
  });

  it('the core imports only the core and the ports it is given', () => {
    expect(importsFrom('core', ['adapters', 'handlers', 'cli', 'admin', 'use-cases'])).toEqual([]);
  });

  it('ports import only the core', () => {
    expect(importsFrom('ports', ['adapters', 'handlers', 'cli', 'admin', 'use-cases'])).toEqual([]);
  });

  it('only the composition roots read the environment', () => {
    // The Lambdas' (handlers/runtime/), the command's (cli/cli-env.ts) and the shared readers of config.ts.
    const roots = /^functions\/(handlers\/runtime\/[^/]+|cli\/cli-env|config)\.ts$/;
    const readers = [...graph.keys()].filter(
      (file) => !roots.test(file) && PROCESS_ENV_RE.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(readers).toEqual([]);
  });
});
