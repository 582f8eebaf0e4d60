/**
 * What each family of findings means for the food, in Chinese and English: the part of a
 * finding's explanation a shopper needs (the trace page shows it under the title).
 */
export type Family = 'unreadable' | 'chain' | 'signed' | 'unsigned' | 'cut' | 'proof' | 'tool' | 'bundle' | 'refs' | 'policy' | 'shape' | 'flow' | 'safety';

export const FINDING_MEANINGS: Record<Family, readonly [zh: string, en: string]> = {
  unreadable: ['这条记录无法按签名时的样子读出：此记录及该企业日志中其后的记录都不可信。', 'The record cannot be read as it was signed: it and every later record of this business cannot be trusted.'],
  chain: ['日志的哈希链断了：自此记录起，该企业记录的数量、时间和去向都不可信。', 'The log\'s hash chain is broken: quantities, times and destinations after this record cannot be trusted.'],
  signed: ['签名或检查点与记录不符：该企业日志可能被改动，未经证实的记录不能作为证据。', 'A signature or checkpoint does not match the records: the log may have been altered, and what is not proven cannot serve as evidence.'],
  // Not tampering: records not yet signed (an unsigned tail), or a log shorter than what was signed.
  unsigned: ['最后一个检查点之后又追加了记录：它们尚未签名，在该企业签出新的检查点之前不作为证据。这本身不说明日志被改动，但持有日志文件的任何人都可能写入这些记录。', 'Records were added after the business\'s last checkpoint: they are not signed yet and do not count as evidence until the business checkpoints. This alone is no sign of tampering, but anyone holding the log file could have written them.'],
  cut: ['包中的日志比企业签名时短：有记录缺失（例如导出时被截断），现有记录未被该检查点证实，只按未签名处理；请向企业索取完整日志。', 'The log in this bundle is shorter than what the business signed: records are missing (cut, for example, when it was exported), and the records present are not proven by that checkpoint, so they count as unsigned; ask the business for the whole log.'],
  proof: ['摘录的默克尔证明不成立：摘录的记录未被证明属于该企业签过名的日志。', 'The Merkle proof of an excerpt does not hold: the excerpted records are not proven to belong to the signed log.'],
  tool: ['这是读取或保存数据时的问题，不是对食品的判断；请重新导出或检查文件后再核验。', 'This is a problem reading or storing data, not a judgement on the food: export or check the file again and re-verify.'],
  bundle: ['数据包本身不完整或格式不对：包中缺失或无法读取的日志无法核验。', 'The bundle itself is incomplete or malformed: logs that are missing or unreadable in it cannot be verified.'],
  refs: ['跨企业的引用不成立：这一步与上游的联系没有被证实，追溯在此处中断。', 'A reference between businesses does not hold: this step\'s link upstream is not proven, and the trace breaks here.'],
  policy: ['该企业未获主管部门有效登记：其记录签名虽可核对，但不能确认出自登记在册的经营者。', 'The business is not validly enrolled by the authority: its signatures check, but they are not proven to come from a registered operator.'],
  shape: ['记录的内容不符合食品事件格式：该字段所述内容不能按记录理解。', 'The record\'s content does not fit the food event format: what this field says cannot be read as recorded.'],
  flow: ['前后记录对不上：此后该批次的数量和去向不可信，应向相关企业核实。', 'The records do not agree with each other: quantities and destinations of this lot after this record cannot be trusted; check with the businesses concerned.'],
  safety: ['这是食品安全问题：相关批次可能不宜销售或食用，应立即核查并考虑控制措施。', 'This is a food-safety problem: the lots concerned may not be fit for sale or eating; check at once and consider holding them.'],};
