/** The run's files: the JSON, the chart and the HTML page, each also as latest.* beside it. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { renderChart, renderHtml } from './chart';
import { renderText } from './report';
import type { BenchReport } from './results';

export async function writeArtifacts(report: BenchReport, outDir: string): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const svg = renderChart(report);
  const files: [string, string][] = [
    [`bench-${stamp}.json`, JSON.stringify(report, null, 2)],
    [`bench-${stamp}.svg`, svg],
    [`bench-${stamp}.html`, renderHtml(report, svg, renderText(report))],
  ];
  for (const [name, content] of files) {
    await fs.writeFile(path.join(outDir, name), content);
    await fs.writeFile(path.join(outDir, name.replace(`bench-${stamp}`, 'latest')), content);
  }
  return files.map(([name]) => path.join(outDir, name));
}
