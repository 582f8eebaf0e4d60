import { LotGraph, type GraphLog } from '@suyuan/food';
import { readBundleLogs, verifyBundle, type BundleReport } from '@suyuan/verify';

export interface OpenedBundle { verdict: BundleReport; logs: GraphLog[]; graph: LotGraph }

/**
 * Verifies the bundle, then builds the lot graph with every record's fields. The one place to
 * switch to verify's openVerifiedBundle (the graph of signed records only) once it is merged.
 */
export async function openForReport(input: string | Uint8Array, trust: Uint8Array[]): Promise<OpenedBundle> {
  const verdict = await verifyBundle(input, { trust });
  const { logs } = readBundleLogs(input);
  return { verdict, logs, graph: LotGraph.build(logs, { keepBodies: true }) };
}
