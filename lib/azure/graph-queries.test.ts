// Every Resource Graph query Kiln sends is valid Kusto for the real service: parsed and analysed by
// Microsoft's own Kusto language service (@kusto/language-service-next) against Resource Graph's
// `Resources` and `ResourceContainers` schemas, with no diagnostics. The language service is a 16 MB
// Bridge.NET bundle that installs itself as a global; it is loaded once here, lazily, by this test only
// (about 4–6 s to load and 1–10 s for the first analysis on the shared 2-core VM).
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_QUERIES } from './graph-queries';

interface Diagnostic {
  Severity: string;
  Message: string;
  Start: number;
}
interface DiagnosticList {
  Count: number;
  getItem(i: number): Diagnostic;
}
interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor4: new (name: string, columns: unknown[]) => unknown };
    ColumnSymbol: new (
      name: string,
      type: unknown,
      description: null,
      originalColumns: null,
      source: null,
      examples: null,
    ) => unknown;
    ScalarTypes: { String: unknown; Dynamic: unknown };
    DatabaseSymbol: { $ctor1: new (name: string, members: unknown[], isOpen: boolean) => unknown };
    ClusterSymbol: { ctor: new (name: string, databases: unknown[]) => unknown };
  };
  GlobalState: { Default: { WithCluster(c: unknown): { WithDatabase(d: unknown): unknown } } };
  KustoCode: { ParseAndAnalyze(text: string, globals: unknown): { GetDiagnostics(): DiagnosticList } };
}

/** Resource Graph's columns of both tables (its documented schema; `properties`, `tags`… are dynamic). */
const STRING_COLUMNS = [
  'id',
  'name',
  'type',
  'tenantId',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'managedBy',
];
const DYNAMIC_COLUMNS = ['sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];

let globals: unknown;
let language: KustoLanguage;

function loadLanguageService(): KustoLanguage {
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next');
  return (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
}

function diagnostics(query: string): string[] {
  const list = language.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    out.push(`${d.Severity} at ${d.Start}: ${d.Message}`);
  }
  return out;
}

beforeAll(() => {
  language = loadLanguageService();
  const { TableSymbol, ColumnSymbol, ScalarTypes, DatabaseSymbol, ClusterSymbol } = language.Symbols;
  const column = (name: string, type: unknown): unknown =>
    new ColumnSymbol(name, type, null, null, null, null);
  const columns = [
    ...STRING_COLUMNS.map((c) => column(c, ScalarTypes.String)),
    ...DYNAMIC_COLUMNS.map((c) => column(c, ScalarTypes.Dynamic)),
  ];
  const tables = ['Resources', 'ResourceContainers'].map((t) => new TableSymbol.$ctor4(t, columns));
  const db = new DatabaseSymbol.$ctor1('ResourceGraph', tables, false);
  globals = language.GlobalState.Default.WithCluster(new ClusterSymbol.ctor('arg', [db])).WithDatabase(db);
}, 120_000);

describe("Kiln's Resource Graph queries", () => {
  it('the checker itself refuses invalid Kusto (unknown column, bad syntax)', { timeout: 60_000 }, () => {
    expect(diagnostics('Resources | where nope == 1')).not.toEqual([]);
    expect(diagnostics('Resources | where where')).not.toEqual([]);
    expect(diagnostics("Resources | where type =~ 'x' | project id")).toEqual([]);
  });

  it.each(Object.entries(GRAPH_QUERIES))('%s is valid Kusto for Resource Graph', (_name, query) => {
    expect(diagnostics(query)).toEqual([]);
  });
});
