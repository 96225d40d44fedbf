// The two topology performance figures (used by scripts/bench.ts):
//   1. ELK layout of a 50-node staging graph, run the way the browser runs it: in a worker thread with
//      the worker's own module (lib/topology/layout/run-elk.ts) — median of 5 (after one warm-up).
//      Target < 150 ms.
//   2. A scripted pan over a 200-node diagram in headless Chromium: React Flow with Kiln's own node
//      components, bundled with esbuild into a temp folder and served from 127.0.0.1; frame times from
//      requestAnimationFrame while the viewport moves every frame. Target: median < 50 ms.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { buildGraph } from '../../lib/topology/model/build-graph';
import type { StagingResource, TopoGraph } from '../../lib/topology/model/types';
import { toElk, fromElk } from '../../lib/topology/layout/elk-graph';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

// ------------------------------------------------------------------------------------------------
// A staging-like graph of about `target` nodes: VNets with subnets, one build container, the storage
// account, and per "build slot" a NIC, VM and disk (the shapes local Azure returns), so containers,
// placement, attachments and traffic edges (container → each build VM) all take part.

export function syntheticGraph(target: number): TopoGraph {
  const sub = '00000000-0000-0000-0000-0000000000b1';
  const rg = `/subscriptions/${sub}/resourceGroups/IT_bench`;
  const id = (type: string, name: string) => `${rg}/providers/${type}/${name}`;
  const res: StagingResource[] = [];
  const vnets = Math.max(1, Math.round(target / 25));
  const subnetIds: string[] = [];
  for (let v = 0; v < vnets; v++) {
    const vid = id('Microsoft.Network/virtualNetworks', `vnet${v}`);
    const subs = [0, 1].map((k) => ({
      id: `${vid}/subnets/s${k}`,
      name: `s${k}`,
      properties: { addressPrefix: `10.${v}.${k}.0/24` },
    }));
    subnetIds.push(...subs.map((s) => s.id));
    res.push({
      id: vid,
      name: `vnet${v}`,
      type: 'Microsoft.Network/virtualNetworks',
      provisioningState: 'Succeeded',
      properties: { subnets: subs },
    });
  }
  let i = 0;
  const nodeCount = () => res.length + subnetIds.length;
  while (nodeCount() < target) {
    const subnet = subnetIds[i % subnetIds.length] ?? '';
    const aciSubnet = subnetIds[(i + 1) % subnetIds.length] ?? '';
    const nic = id('Microsoft.Network/networkInterfaces', `nic${i}`);
    const vm = id('Microsoft.Compute/virtualMachines', `vm${i}`);
    const disk = id('Microsoft.Compute/disks', `disk${i}`);
    res.push(
      {
        id: nic,
        name: `nic${i}`,
        type: 'Microsoft.Network/networkInterfaces',
        provisioningState: 'Succeeded',
        properties: {
          ipConfigurations: [
            { id: `${nic}/ipConfigurations/ipconfig1`, properties: { subnet: { id: subnet } } },
          ],
        },
      },
      {
        id: vm,
        name: `vm${i}`,
        type: 'Microsoft.Compute/virtualMachines',
        provisioningState: 'Succeeded',
        properties: {
          storageProfile: { osDisk: { osType: 'Linux', managedDisk: { id: disk } } },
          networkProfile: { networkInterfaces: [{ id: nic }] },
        },
      },
      {
        id: disk,
        name: `disk${i}`,
        type: 'Microsoft.Compute/disks',
        provisioningState: 'Succeeded',
        properties: {},
      },
    );
    if (i === 0)
      res.push(
        {
          id: id('Microsoft.ContainerInstance/containerGroups', 'vmimagebuilder-build-container'),
          name: 'vmimagebuilder-build-container',
          type: 'Microsoft.ContainerInstance/containerGroups',
          provisioningState: 'Succeeded',
          properties: { subnetIds: [{ id: aciSubnet }] },
        },
        {
          id: id('Microsoft.Storage/storageAccounts', 'benchlogs'),
          name: 'benchlogs',
          type: 'Microsoft.Storage/storageAccounts',
          provisioningState: 'Succeeded',
        },
      );
    i++;
  }
  return buildGraph(res, [], 'aib-network', 'Customizing');
}

// ------------------------------------------------------------------------------------------------
// 1. ELK in a worker thread (the worker-equivalent of the browser's layout worker).

export async function benchLayout(): Promise<{
  nodes: number;
  edges: number;
  runs: number[];
  warmup: number;
}> {
  const graph = syntheticGraph(50);
  const elkGraph = toElk(graph);
  // The worker thread runs the module the browser's layout worker runs, bundled the same way.
  const dir = mkdtempSync(join(tmpdir(), 'kiln-bench-elk-'));
  const runElkPath = join(dir, 'run-elk.mjs');
  await build({
    entryPoints: [join(ROOT, 'lib/topology/layout/run-elk.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile: runElkPath,
    logLevel: 'error',
  });
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { pathToFileURL } = require('node:url');
    (async () => {
      const { runElk } = await import(pathToFileURL(workerData.runElkPath).href);
      parentPort.on('message', async (g) => {
        const t0 = performance.now();
        const out = await runElk(g);
        parentPort.postMessage({ ms: performance.now() - t0, children: (out.children || []).length });
      });
      parentPort.postMessage({ ready: true });
    })();
  `;
  const worker = new Worker(code, { eval: true, workerData: { runElkPath } });
  const next = () =>
    new Promise<{ ms?: number; ready?: boolean }>((res, rej) => {
      worker.once('message', res);
      worker.once('error', rej);
    });
  await next(); // ready
  const times: number[] = [];
  // Three warm-up runs (GWT-compiled ELK keeps getting faster while the JIT warms up), then five.
  const WARMUP = 3;
  for (let k = 0; k < WARMUP + 5; k++) {
    const p = next();
    worker.postMessage(elkGraph);
    const r = await p;
    times.push(r.ms ?? NaN);
  }
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });
  // Positions are usable (sanity): every node placed.
  const { runElk } = await import('../../lib/topology/layout/run-elk');
  const placed = fromElk(await runElk(toElk(graph)));
  if (Object.keys(placed).length !== graph.nodes.length) throw new Error('layout lost nodes');
  return {
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    warmup: times[0] ?? NaN,
    runs: times.slice(WARMUP),
  };
}

// ------------------------------------------------------------------------------------------------
// 2. Pan over 200 nodes in headless Chromium.

const PAGE_ENTRY = (nodesPath: string, graphPath: string) => `
import { createRoot } from 'react-dom/client';
import { useCallback } from 'react';
import { ReactFlow, ReactFlowProvider, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { nodeTypes } from ${JSON.stringify(nodesPath)};
import data from ${JSON.stringify(graphPath)};

declare global { interface Window { __bench?: { pan(frames: number): Promise<number[]> }; __ready?: boolean } }

function App() {
  const onInit = useCallback((rf: ReactFlowInstance) => {
    window.__bench = {
      pan(frames: number) {
        return new Promise<number[]>((resolve) => {
          const deltas: number[] = [];
          let last = performance.now();
          let k = 0;
          const step = (t: number) => {
            deltas.push(t - last);
            last = t;
            const v = rf.getViewport();
            rf.setViewport({ x: v.x - 6, y: v.y + (k % 120 < 60 ? 2 : -2), zoom: v.zoom });
            if (++k < frames) requestAnimationFrame(step);
            else resolve(deltas.slice(2));
          };
          requestAnimationFrame((t) => { last = t; requestAnimationFrame(step); });
        });
      },
    };
    window.__ready = true;
  }, []);
  return (
    <div style={{ width: 1280, height: 800 }}>
      <ReactFlow nodes={data.nodes} edges={data.edges} nodeTypes={nodeTypes} onInit={onInit} minZoom={0.1}
        defaultViewport={{ x: 0, y: 0, zoom: 0.8 }} nodesDraggable={false} nodesConnectable={false} />
    </div>
  );
}
createRoot(document.getElementById('root')!).render(<ReactFlowProvider><App /></ReactFlowProvider>);
`;

async function flowData(graph: TopoGraph) {
  const { runElk } = await import('../../lib/topology/layout/run-elk');
  const positions = fromElk(await runElk(toElk(graph)));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const depth = (id: string): number => {
    let d = 0;
    let p = byId.get(id)?.parent;
    while (p) {
      d++;
      p = byId.get(p)?.parent;
    }
    return d;
  };
  const nodes = [...graph.nodes]
    .sort((a, b) => depth(a.id) - depth(b.id))
    .map((n) => {
      const p = positions[n.id] ?? { x: 0, y: 0, width: 200, height: 64 };
      return {
        id: n.id,
        type: n.kind === 'group' ? 'container' : 'resource',
        position: { x: p.x, y: p.y },
        ...(n.parent ? { parentId: n.parent } : {}),
        data: { node: n, selected: false },
        ...(n.kind === 'group' ? { style: { width: p.width, height: p.height }, zIndex: -1 } : {}),
      };
    });
  const edges = graph.edges
    .filter((e) => e.kind !== 'placement')
    .map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'smoothstep',
      ...(e.ports ? { label: e.ports } : {}),
    }));
  return { nodes, edges };
}

export async function benchPan(): Promise<{
  nodes: number;
  edges: number;
  frames: number;
  median: number;
  p95: number;
}> {
  const graph = syntheticGraph(200);
  const dir = mkdtempSync(join(tmpdir(), 'kiln-bench-'));
  let server: Server | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const data = await flowData(graph);
    writeFileSync(join(dir, 'graph.json'), JSON.stringify(data));
    writeFileSync(
      join(dir, 'entry.tsx'),
      PAGE_ENTRY(join(ROOT, 'components/topology/nodes.tsx'), join(dir, 'graph.json')),
    );
    await build({
      entryPoints: [join(dir, 'entry.tsx')],
      bundle: true,
      minify: true,
      format: 'esm',
      outdir: join(dir, 'out'),
      jsx: 'automatic',
      alias: { '@': ROOT },
      nodePaths: [join(ROOT, 'node_modules')],
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.json': 'json' },
      logLevel: 'error',
    });
    writeFileSync(
      join(dir, 'out', 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="entry.css"></head>' +
        '<body style="margin:0"><div id="root"></div><script type="module" src="entry.js"></script></body></html>',
    );
    const types: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };
    server = createServer((req, res) => {
      const name = (req.url ?? '/').split('?')[0]?.replace(/^\/+/, '') || 'index.html';
      if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
      try {
        const body = readFileSync(join(dir, 'out', name));
        res
          .writeHead(200, {
            'content-type': types[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
          })
          .end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__ready === true, undefined, { timeout: 60_000 });
    const rendered = await page.locator('.react-flow__node').count();
    await page.waitForTimeout(500);
    const deltas = await page.evaluate(() => window.__bench?.pan(180) ?? Promise.resolve([]));
    const sorted = [...deltas].sort((a, b) => a - b);
    return {
      nodes: rendered,
      edges: data.edges.length,
      frames: deltas.length,
      median: median(deltas),
      p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN,
    };
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

declare global {
  interface Window {
    __bench?: { pan(frames: number): Promise<number[]> };
    __ready?: boolean;
  }
}
