// The Kusto subset on fixed rows: each operator and function, Kusto's defaults, and refusals.
import { describe, expect, it } from 'vitest';
import { run } from './evaluator.ts';
import type { Row } from './expressions.ts';
import { parseQuery } from './parser.ts';
import { QueryError } from './query-error.ts';

const T = 'microsoft.virtualmachineimages/imagetemplates';
const RESOURCES: Row[] = [
  {
    id: '/s/1/t/a',
    name: 'Ubuntu-A',
    type: T,
    subscriptionId: 's1',
    properties: { lastRunStatus: { runState: 'Running' } },
    tags: {},
  },
  {
    id: '/s/1/t/b',
    name: 'win-b',
    type: T,
    subscriptionId: 's1',
    properties: { lastRunStatus: { runState: 'Failed' } },
    tags: { team: 'x' },
  },
  { id: '/s/2/t/c', name: 'ubuntu-c', type: T, subscriptionId: 's2', properties: {}, tags: {} },
  {
    id: '/s/2/v/n',
    name: 'net',
    type: 'microsoft.network/virtualnetworks',
    subscriptionId: 's2',
    properties: {},
    tags: {},
  },
];
const CONTAINERS: Row[] = [
  {
    id: '/s/1/rg/IT_rg_a_1',
    name: 'IT_rg_a_1',
    tags: { imageTemplateName: 'Ubuntu-A', createdBy: 'AzureVMImageBuilder' },
    templateId: '/s/1/t/a',
  },
  {
    id: '/s/2/rg/IT_rg_gone_2',
    name: 'IT_rg_gone_2',
    tags: { imageTemplateName: 'gone' },
    templateId: '/s/2/t/gone',
  },
];

function q(text: string): Row[] {
  return run(parseQuery(text), (table, type) =>
    (table === 'resources' ? RESOURCES : CONTAINERS).filter((r) => !type || r.type === type),
  );
}

function refusal(text: string): QueryError {
  try {
    q(text);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`accepted: ${text}`);
}

describe('local Resource Graph query language', () => {
  it('where with =~, ==, in~, startswith, has, and/or and paths', () => {
    expect(q(`Resources | where type =~ '${T.toUpperCase()}' | project name`)).toHaveLength(3);
    expect(q("Resources | where name == 'ubuntu-a'")).toHaveLength(0);
    expect(q("Resources | where name =~ 'ubuntu-a' | project name")).toEqual([{ name: 'Ubuntu-A' }]);
    expect(q("Resources | where name in~ ('UBUNTU-C', 'net') | project name")).toEqual([
      { name: 'ubuntu-c' },
      { name: 'net' },
    ]);
    expect(q("Resources | where name startswith 'ubu' and subscriptionId == 's2' | project name")).toEqual([
      { name: 'ubuntu-c' },
    ]);
    expect(
      q("Resources | where name has 'b' or properties.lastRunStatus.runState =~ 'running' | project name"),
    ).toEqual([{ name: 'Ubuntu-A' }, { name: 'win-b' }]);
    expect(q("Resources | where name has 'ubu'")).toHaveLength(0); // has matches whole terms only
    expect(q("Resources | where tags['team'] == 'x' | project name")).toEqual([{ name: 'win-b' }]);
    expect(q('where isnotempty(properties.lastRunStatus) | project name')).toHaveLength(2);
  });

  it('project, extend, tolower, tostring and missing values', () => {
    expect(
      q(
        "Resources | where name == 'win-b' | extend n = tolower(name), s = tostring(properties.lastRunStatus.runState) | project n, s, state = properties.x",
      ),
    ).toEqual([{ n: 'win-b', s: 'Failed', state: undefined }]);
    expect(q("Resources | where name == 'win-b' | project properties.lastRunStatus.runState")).toEqual([
      { properties_lastRunStatus_runState: 'Failed' },
    ]);
  });

  it('order by (descending by default), summarize count() by, limit', () => {
    expect(q('Resources | order by name | project name').map((r) => r.name)).toEqual([
      'win-b',
      'ubuntu-c',
      'net',
      'Ubuntu-A',
    ]);
    expect(q('Resources | order by name asc | project name').map((r) => r.name)[0]).toBe('Ubuntu-A');
    expect(q('Resources | summarize count() by subscriptionId')).toEqual([
      { subscriptionId: 's1', count_: 2 },
      { subscriptionId: 's2', count_: 2 },
    ]);
    expect(q('Resources | summarize n = count()')).toEqual([{ n: 4 }]);
    expect(q('Resources | take 1')).toHaveLength(1);
  });

  it('join on ids: leftouter, leftanti, inner; clashing right columns get a suffix', () => {
    const orphans = q(
      `ResourceContainers | join kind=leftanti (Resources | where type =~ '${T}' | project templateId = id) on templateId | project name`,
    );
    expect(orphans).toEqual([{ name: 'IT_rg_gone_2' }]);
    const outer = q(
      `ResourceContainers | join kind=leftouter (Resources | project id, templateName = name) on $left.templateId == $right.id | project name, templateName, id1`,
    );
    expect(outer).toEqual([
      { name: 'IT_rg_a_1', templateName: 'Ubuntu-A', id1: '/s/1/t/a' },
      { name: 'IT_rg_gone_2', templateName: null, id1: null },
    ]);
    expect(q('ResourceContainers | join (Resources | project templateId = id) on templateId')).toHaveLength(
      1,
    );
  });

  it('refuses what it does not run, with the position', () => {
    expect(refusal('Resources | mv-expand tags').kind).toBe('UnsupportedQueryOperation');
    expect(refusal('Resources | where name = 1').kind).toBe('ParserFailure');
    const op = refusal('Resources | distinct name');
    expect([op.kind, op.pos]).toEqual(['UnsupportedQueryOperation', 12]);
    expect(refusal('Resources | where strlen(name) > 3').kind).toBe('UnsupportedQueryOperation');
    expect(refusal('Resources | summarize dcount(name)').kind).toBe('UnsupportedQueryOperation');
    expect(refusal('SecurityResources | take 1').kind).toBe('UnsupportedQueryOperation');
    expect(refusal('where where').kind).toBe('ParserFailure');
    expect(refusal("Resources | where name == 'x").kind).toBe('ParserFailure');
    expect(refusal('').kind).toBe('ParserFailure');
  });
});
