/** The offline page's words: Chinese by default, English when the browser prefers it (findings, roles: @suyuan/verify/messages). */
export type Lang = 'zh' | 'en';

export const WORDS = {
  title: { zh: '溯源 · 离线核验', en: 'Suyuan · offline verifier' },
  lead: {
    zh: '选择一个溯源数据包和您信任的主管部门公钥，在本机核验其中每个签名、哈希链、引用、食品规则与企业登记。结果与命令行 suyuan verify 相同。',
    en: 'Choose a Suyuan bundle and the authority public key you trust, and verify every signature, hash chain, reference, food rule and enrolment in it on this computer. The result is the same as the command line\'s suyuan verify.',
  },
  offline: { zh: '本页不联网：文件只在本机读取，不会发送到任何地方。', en: 'This page never connects anywhere: the files are read on this computer and sent nowhere.' },
  bundle: { zh: '数据包（.bundle）', en: 'Bundle (.bundle)' },
  trust: { zh: '信任的主管部门公钥（.pub，可多选）', en: 'Trusted authority key (.pub, one or more)' },
  verify: { zh: '核验', en: 'Verify' },
  language: { zh: 'English', en: '中文' },
  needBoth: { zh: '请先选择数据包和公钥。', en: 'Choose a bundle and a key first.' },
  reading: { zh: '正在读取文件…', en: 'Reading the files…' },
  verifying: { zh: '正在核验', en: 'Verifying' },
  logsDone: { zh: (d: number, t: number) => `已核验 ${d}/${t} 个日志`, en: (d: number, t: number) => `${d} of ${t} logs verified` },
  seconds: { zh: (s: number) => `${s} 秒`, en: (s: number) => `${s} s` },
  valid: { zh: '有效', en: 'Valid' },
  'valid-with-warnings': { zh: '有效，但有警告', en: 'Valid, with warnings' },
  unsigned: { zh: '部分记录未签名', en: 'Partly unsigned' },
  invalid: { zh: '无效', en: 'Invalid' },
  refused: { zh: '不是溯源数据包', en: 'Not a Suyuan bundle' },
  failed: { zh: '无法核验', en: 'Cannot verify' },
  verdictNote: {
    zh: { valid: '每个签名、链接与登记都已核对，未发现问题。', 'valid-with-warnings': '所有记录都已签名且有效，但有以下警告。', unsigned: '已签名的部分有效；未被检查点覆盖的记录不作为事实。', invalid: '发现错误：数据包中有内容未通过核验，见下列问题。' },
    en: { valid: 'Every signature, link and enrolment checked; nothing found.', 'valid-with-warnings': 'Every record signed and valid, with the warnings below.', unsigned: 'The signed part is valid; records not covered by a checkpoint are not counted as fact.', invalid: 'Errors found: something in the bundle failed verification, see the findings below.' },
  },
  exitCode: { zh: (c: number) => `命令行 suyuan verify 的退出码：${c}`, en: (c: number) => `suyuan verify would exit with ${c}` },
  summary: { zh: (logs: number, records: number, ms: number) => `${logs} 个日志，${records} 条记录，用时 ${ms} 毫秒`, en: (logs: number, records: number, ms: number) => `${logs} logs, ${records} records, ${ms} ms` },
  logs: { zh: '日志', en: 'Logs' },
  findings: { zh: '发现的问题', en: 'Findings' },
  none: { zh: '无', en: 'None' },
  authority: { zh: '主管部门（受信任的公钥）', en: 'Authority (trusted key)' },
  notEnrolled: { zh: '未登记', en: 'not enrolled' },
  excerpt: { zh: (n: number) => `摘录，已证明 ${n} 条`, en: (n: number) => `excerpt, ${n} records proven` },
  full: { zh: (s: number, n: number) => `已签名 ${s}/${n} 条`, en: (s: number, n: number) => `${s}/${n} records signed` },
  where: { zh: { log: '日志', seq: '记录', offset: '字节' }, en: { log: 'log', seq: 'record', offset: 'byte' } },
  more: { zh: (n: number, code: string, all: number) => `另有 ${n} 条 ${code}（共 ${all} 条）`, en: (n: number, code: string, all: number) => `… and ${n} more ${code} (${all} in all)` },
  noWorker: { zh: '此浏览器无法启动后台核验。', en: 'This browser cannot start the verifier in the background.' },
} as const;

/** The browser's preferred language: English if it asks for English first, Chinese otherwise. */
export function browserLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'zh') return 'zh';
    if (base === 'en') return 'en';
  }
  return 'zh';
}
