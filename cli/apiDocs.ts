// Generates docs/api.md — the API reference — from the public entry points (package.json
// "exports": mecrl, mecrl/random, …) and their doc comments, with the TypeScript compiler API.
//   npm run docs:api            rewrite docs/api.md
//   npm run docs:api -- --check exit 1 when docs/api.md is stale (test/apiDocs.test.ts does the same)
// Deterministic and cheap (no type check, no emit): per entry point, its exports grouped by kind
// (classes, functions, interfaces and types, constants), alphabetically; signatures printed by the
// checker with machine paths removed; doc comments as written. Regenerate after merging branches
// that change exports or doc comments.

import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Entry points in package.json order: subpath → source file. */
function entryPoints(root: string): { name: string; file: string }[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const out: { name: string; file: string }[] = [];
  for (const [sub, target] of Object.entries(pkg.exports)) {
    const t = target as { types?: string } | string;
    if (typeof t !== 'object' || typeof t.types !== 'string') continue; // ./package.json
    const src = t.types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts');
    out.push({ name: sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`, file: join(root, src) });
  }
  return out;
}

const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

/** One line, machine paths removed (`import("/abs/lib/x").T` → `T`). */
function clean(text: string): string {
  return text.replace(/import\("[^"]*"\)\./g, '').replace(/\s+/g, ' ').trim();
}

function docOf(sym: ts.Symbol, checker: ts.TypeChecker): string {
  const body = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
  const tags = sym.getJsDocTags(checker).map((t) => {
    const text = ts.displayPartsToString(t.text ?? []).trim();
    return `- @${t.name}${text === '' ? '' : ` ${text}`}`;
  });
  return [body, tags.join('\n')].filter((s) => s !== '').join('\n\n');
}

/** First paragraph of a member's doc comment, on one line. */
function shortDoc(sym: ts.Symbol | undefined, checker: ts.TypeChecker): string {
  if (sym === undefined) return '';
  const body = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
  return clean(body.split(/\n\s*\n/)[0] ?? '');
}

function isPublicMember(m: ts.ClassElement | ts.TypeElement): boolean {
  if (m.name !== undefined && ts.isPrivateIdentifier(m.name)) return false;
  const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : [];
  return !mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword);
}

type Kind = 'Classes' | 'Functions' | 'Interfaces and types' | 'Constants';
const KINDS: readonly Kind[] = ['Classes', 'Functions', 'Interfaces and types', 'Constants'];

function describeExport(name: string, sym: ts.Symbol, checker: ts.TypeChecker, root: string): { kind: Kind; text: string } | null {
  const decl = sym.declarations?.[0];
  if (decl === undefined) return null;
  const where = relative(root, decl.getSourceFile().fileName).split('\\').join('/');
  const doc = docOf(sym, checker);
  const head = (sig: string): string => `### \`${name}\`\n\n\`\`\`ts\n${sig}\n\`\`\`\n\n${doc === '' ? '' : doc + '\n\n'}<sub>${where}</sub>\n`;
  if (ts.isClassDeclaration(decl)) {
    const type = checker.getTypeOfSymbolAtLocation(sym, decl);
    const ctors = type.getConstructSignatures().map((s) => `new ${name}${clean(checker.signatureToString(s, decl, FLAGS)).replace(/: [^:]*$/, '')}`);
    const members: string[] = [];
    for (const m of decl.members) {
      if (!isPublicMember(m) || ts.isConstructorDeclaration(m) || m.name === undefined) continue;
      const msym = checker.getSymbolAtLocation(m.name);
      const mods = ts.getModifiers(m as ts.HasModifiers) ?? [];
      const isStatic = mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      let sig: string;
      if (ts.isMethodDeclaration(m) && msym !== undefined) {
        const sigs = checker.getTypeOfSymbolAtLocation(msym, m).getCallSignatures();
        sig = `${m.name.getText()}${clean(checker.signatureToString(sigs[0]!, m, FLAGS))}`;
      } else if (ts.isGetAccessorDeclaration(m)) {
        sig = `get ${m.name.getText()}: ${clean(checker.typeToString(checker.getTypeAtLocation(m), m, FLAGS))}`;
      } else if (ts.isPropertyDeclaration(m)) {
        const ro = mods.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword) ? 'readonly ' : '';
        sig = `${ro}${m.name.getText()}: ${clean(checker.typeToString(checker.getTypeAtLocation(m), m, FLAGS))}`;
      } else continue;
      const d = shortDoc(msym, checker);
      members.push(`- \`${isStatic ? 'static ' : ''}${sig}\`${d === '' ? '' : ` — ${d}`}`);
    }
    const ctorText = ctors.length > 0 ? ctors.join('\n') : `class ${name}`;
    return { kind: 'Classes', text: head(ctorText) + (members.length > 0 ? `\n${members.join('\n')}\n` : '') };
  }
  if (ts.isFunctionDeclaration(decl)) {
    const sigs = checker.getTypeOfSymbolAtLocation(sym, decl).getCallSignatures();
    return { kind: 'Functions', text: head(sigs.map((s) => `function ${name}${clean(checker.signatureToString(s, decl, FLAGS))}`).join('\n')) };
  }
  if (ts.isInterfaceDeclaration(decl)) {
    const members: string[] = [];
    for (const d of sym.declarations ?? []) {
      if (!ts.isInterfaceDeclaration(d)) continue;
      for (const m of d.members) {
        if (!isPublicMember(m)) continue;
        const msym = m.name === undefined ? undefined : checker.getSymbolAtLocation(m.name);
        const sd = shortDoc(msym, checker);
        members.push(`- \`${clean(m.getText().replace(/;$/, ''))}\`${sd === '' ? '' : ` — ${sd}`}`);
      }
    }
    const heritage = decl.heritageClauses?.map((h) => ' ' + clean(h.getText())).join('') ?? '';
    const tps = decl.typeParameters === undefined ? '' : `<${decl.typeParameters.map((p) => clean(p.getText())).join(', ')}>`;
    return { kind: 'Interfaces and types', text: head(`interface ${name}${tps}${heritage}`) + (members.length > 0 ? `\n${members.join('\n')}\n` : '') };
  }
  if (ts.isTypeAliasDeclaration(decl)) {
    const tps = decl.typeParameters === undefined ? '' : `<${decl.typeParameters.map((p) => clean(p.getText())).join(', ')}>`;
    return { kind: 'Interfaces and types', text: head(`type ${name}${tps} = ${clean(decl.type.getText())}`) };
  }
  if (ts.isVariableDeclaration(decl)) {
    const type = clean(checker.typeToString(checker.getTypeOfSymbolAtLocation(sym, decl), decl, FLAGS));
    return { kind: 'Constants', text: head(`const ${name}: ${type}`) };
  }
  if (ts.isModuleDeclaration(decl) || ts.isSourceFile(decl) || ts.isNamespaceExport(decl)) return null;
  return { kind: 'Constants', text: head(clean(decl.getText())) };
}

/** The text of docs/api.md for the repository at `root`. */
export function generateApiDocs(root = ROOT): string {
  const entries = entryPoints(root);
  const program = ts.createProgram(entries.map((e) => e.file), {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, exactOptionalPropertyTypes: true, skipLibCheck: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts'],
  });
  const checker = program.getTypeChecker();
  const out: string[] = [
    '# mecrl API reference',
    '',
    '<!-- Generated by `npm run docs:api` (cli/apiDocs.ts) from the public entry points and their doc comments. Do not edit by hand; test/apiDocs.test.ts fails when it is stale. -->',
    '',
    'Entry points (package.json `exports`): ' + entries.map((e) => `[\`${e.name}\`](#${anchor(e.name)})`).join(', ') + '.',
    '',
  ];
  for (const e of entries) {
    const sf = program.getSourceFile(e.file);
    const mod = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
    if (mod === undefined) throw new Error(`docs:api: cannot read ${e.file}`);
    const header = ts.getLeadingCommentRanges(sf!.text, 0)?.map((r) => sf!.text.slice(r.pos, r.end).replace(/^\/\/ ?/gm, '')).join('\n').trim() ?? '';
    out.push(`## ${e.name}`, '', `<sub>${relative(root, e.file).split('\\').join('/')}</sub>`, '');
    if (header !== '') out.push(header.split('\n').map((l) => `> ${l}`).join('\n'), '');
    const exports = checker.getExportsOfModule(mod).slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const groups = new Map<Kind, string[]>(KINDS.map((k) => [k, []]));
    const namespaces: string[] = [];
    for (const exp of exports) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      if (sym.flags & ts.SymbolFlags.ValueModule && sym.declarations?.some(ts.isSourceFile)) {
        const file = relative(root, sym.declarations.find(ts.isSourceFile)!.fileName).split('\\').join('/');
        namespaces.push(`- \`${exp.name}\` — the namespace of \`${file}\``);
        continue;
      }
      const d = describeExport(exp.name, sym, checker, root);
      if (d !== null) groups.get(d.kind)!.push(d.text);
    }
    if (namespaces.length > 0) out.push('### Namespaces', '', ...namespaces, '');
    for (const k of KINDS) {
      const items = groups.get(k)!;
      if (items.length === 0) continue;
      out.push(`### ${k}`, '');
      for (const t of items) out.push(t.replace(/^### /, '#### '));
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function anchor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = join(ROOT, 'docs', 'api.md');
  const text = generateApiDocs();
  if (process.argv.includes('--check')) {
    let old = '';
    try { old = readFileSync(file, 'utf8'); } catch { /* missing = stale */ }
    if (old !== text) {
      console.error('docs/api.md is stale: run `npm run docs:api`');
      process.exit(1);
    }
    console.log('docs/api.md is up to date');
  } else {
    writeFileSync(file, text);
    console.log(`wrote docs/api.md (${text.length} characters)`);
  }
}
