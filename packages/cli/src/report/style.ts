/** The report's one stylesheet: system fonts only (nothing fetched), a wrapping journey, A4 print. */
export const STYLE = `
:root{--ok:#2e7d32;--warn:#ed8c00;--bad:#c62828}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;padding:16px;max-width:1200px;color:#1b1b1b;overflow-wrap:anywhere}
h1{font-size:20px;margin:0 0 8px} h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #eee;padding-bottom:4px} h3{font-size:15px;margin:18px 0 6px} h4{font-size:14px;margin:0 0 4px}
.meta{color:#555;margin:0 0 12px}
#verdict{padding:12px 16px;border-radius:8px;color:#fff;font-weight:600;font-size:16px}
#verdict.verified{background:var(--ok)}#verdict.warning{background:var(--warn)}#verdict.invalid{background:var(--bad)}
.dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px;flex:none}
.dot.verified{background:var(--ok)}.dot.warning{background:var(--warn)}.dot.invalid{background:var(--bad)}
.legend span{margin-right:16px}
#findings{list-style:none;padding:0;margin:0}
.finding{border-left:4px solid var(--warn);padding:6px 10px;margin:0 0 10px;background:#fff8ec}
.finding.error{border-color:var(--bad);background:#fdecec}
.finding .sev{font-weight:700} .finding code{font-size:12px;color:#555} .finding p{margin:2px 0} .finding .raw{font-size:12px;color:#666}
#journey{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.stage{flex:1 1 190px;max-width:280px;min-width:0;display:flex;flex-direction:column;gap:8px;position:relative}
.stage-no{font-size:12px;color:#666}
.node{border-radius:8px;padding:8px 10px;color:#fff;min-width:0}
.node.verified{background:var(--ok)}.node.warning{background:var(--warn)}.node.invalid{background:var(--bad)}
.node a{color:inherit;text-decoration:none;display:flex;flex-direction:column}
.node .biz{font-weight:600} .node .lot,.node .product{font-size:12px;opacity:.95}
.node .from{list-style:none;margin:6px 0 0;padding:4px 0 0;border-top:1px solid rgba(255,255,255,.4);font-size:12px}
#timeline{list-style:none;padding:0;margin:0}
#timeline li{display:grid;grid-template-columns:minmax(150px,220px) 1fr 1fr 1fr;gap:8px;padding:3px 0;border-bottom:1px solid #eee}
.records{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:10px}
.record{border:1px solid #ddd;border-radius:6px;padding:8px 10px;break-inside:avoid}
.record.own-sale{border:2px solid #1565c0;background:#eef5ff}
.record.voided{opacity:.6}
.record mark{background:#1565c0;color:#fff;padding:0 4px;border-radius:3px;font-size:12px}
.record small{color:#666;font-weight:400}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0;font-size:13px} dt{color:#555} dd{margin:0}
dd.bad{color:var(--bad);font-weight:600} dd.good{color:var(--ok)}
.finding-note{margin:6px 0 0;font-size:12px;color:var(--bad)} .finding-note.warning{color:#8a5300}
.other-sales{grid-column:1/-1;margin:0;color:#444}
.notice{padding:8px 12px;margin:10px 0;border-left:4px solid var(--warn);background:#fff8ec;border-radius:4px} .notice.bad,#refused{border-color:var(--bad);background:#fdecec;font-weight:600}
.unverified-word{display:inline-block;background:var(--bad);color:#fff;padding:0 4px;border-radius:3px;font-size:12px;font-weight:600;margin:0 4px}
.node.verified.unverified,.dot.verified.unverified{background-color:#757575} .node.unverified{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.18) 0 6px,transparent 6px 12px)} .node .unverified-word{align-self:flex-start;margin:0 0 2px;background:#fff;color:var(--bad)}
.record.unverified,.lot-records.unverified .records{border-style:dashed} #logs tr.unverified td:first-child::after{content:" ⚠"}
.unsigned-count{color:#8a5300;font-weight:600}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;font-size:13px}
@media (max-width:640px){
  body{padding:10px}
  #journey{flex-direction:column;flex-wrap:nowrap}
  .stage{max-width:none;width:100%;flex:none}
  #timeline li{grid-template-columns:1fr 1fr}
  .records{grid-template-columns:1fr}
  #logs th:nth-child(4),#logs td:nth-child(4),#logs th:nth-child(5),#logs td:nth-child(5){display:none}
}
@page{size:A4;margin:14mm}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .node a{pointer-events:none}
  h2{break-after:avoid} .lot-records,.finding,.node{break-inside:avoid}
  .stage{flex:1 1 150px}
}
`;
