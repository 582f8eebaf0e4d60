import type { ErrorCode } from '@suyuan/core';
import type { FoodCode } from '@suyuan/food';
import type { VerifyCode } from '@suyuan/verify';

export type Lang = 'zh' | 'en';
export type FindingCode = ErrorCode | VerifyCode | FoodCode;
/** A finding in plain words: its title, and what was checked, what failed and what it means for the food. */
export interface FindingText { title: string; explain: string }

type Entry = readonly [zhTitle: string, enTitle: string, zhWhat: string, enWhat: string];
type Family = { zh: string; en: string };

/** Each family ends its entries' explanations with what the failure means for the food. */
function family<C extends string>(meaning: Family, entries: Record<C, Entry>): Record<C, Record<Lang, FindingText>> {
  const out = {} as Record<C, Record<Lang, FindingText>>;
  for (const code of Object.keys(entries) as C[]) {
    const [zt, et, zw, ew] = entries[code];
    out[code] = { zh: { title: zt, explain: `${zw}${meaning.zh}` }, en: { title: et, explain: `${ew} ${meaning.en}` } };
  }
  return out;
}

const UNREADABLE: Family = { zh: '这条记录无法按签名时的样子读出：此记录及该企业日志中其后的记录都不可信。', en: 'The record cannot be read as it was signed: it and every later record of this business cannot be trusted.' };
const CHAIN: Family = { zh: '日志的哈希链断了：自此记录起，该企业记录的数量、时间和去向都不可信。', en: 'The log\'s hash chain is broken: quantities, times and destinations after this record cannot be trusted.' };
const SIGNED: Family = { zh: '签名或检查点与记录不符：该企业日志可能被改动，未经证实的记录不能作为证据。', en: 'A signature or checkpoint does not match the records: the log may have been altered, and what is not proven cannot serve as evidence.' };
const PROOF: Family = { zh: '摘录的默克尔证明不成立：摘录的记录未被证明属于该企业签过名的日志。', en: 'The Merkle proof of an excerpt does not hold: the excerpted records are not proven to belong to the signed log.' };
const TOOL: Family = { zh: '这是读取或保存数据时的问题，不是对食品的判断；请重新导出或检查文件后再核验。', en: 'This is a problem reading or storing data, not a judgement on the food: export or check the file again and re-verify.' };
const BUNDLE: Family = { zh: '数据包本身不完整或格式不对：包中缺失或无法读取的日志无法核验。', en: 'The bundle itself is incomplete or malformed: logs that are missing or unreadable in it cannot be verified.' };
const REFS: Family = { zh: '跨企业的引用不成立：这一步与上游的联系没有被证实，追溯在此处中断。', en: 'A reference between businesses does not hold: this step\'s link upstream is not proven, and the trace breaks here.' };
const POLICY: Family = { zh: '该企业未获主管部门有效登记：其记录签名虽可核对，但不能确认出自登记在册的经营者。', en: 'The business is not validly enrolled by the authority: its signatures check, but they are not proven to come from a registered operator.' };
const SHAPE: Family = { zh: '记录的内容不符合食品事件格式：该字段所述内容不能按记录理解。', en: 'The record\'s content does not fit the food event format: what this field says cannot be read as recorded.' };
const FLOW: Family = { zh: '前后记录对不上：此后该批次的数量和去向不可信，应向相关企业核实。', en: 'The records do not agree with each other: quantities and destinations of this lot after this record cannot be trusted; check with the businesses concerned.' };
const SAFETY: Family = { zh: '这是食品安全问题：相关批次可能不宜销售或食用，应立即核查并考虑控制措施。', en: 'This is a food-safety problem: the lots concerned may not be fit for sale or eating; check at once and consider holding them.' };

export const FINDING_MESSAGES: Record<FindingCode, Record<Lang, FindingText>> = {
  ...family(UNREADABLE, {
    CBOR_TRUNCATED: ['记录数据被截断', 'Record bytes cut short', '检查了记录的编码是否完整：数据在中途结束。', 'Checked that the record\'s encoding is complete: it ends part way.'],
    CBOR_TRAILING_BYTES: ['记录后有多余数据', 'Extra bytes after a record', '检查了记录的编码：记录结束后还有多余的字节。', 'Checked the record\'s encoding: bytes follow its end.'],
    CBOR_NON_SHORTEST: ['编码不是最短形式', 'Non-shortest encoding', '检查了规范编码：某个数值没有用最短形式编码。', 'Checked canonical encoding: a number is not in its shortest form.'],
    CBOR_INDEFINITE_LENGTH: ['使用了不定长编码', 'Indefinite-length encoding', '检查了规范编码：出现了不允许的不定长项。', 'Checked canonical encoding: an indefinite-length item appears.'],
    CBOR_RESERVED_INFO: ['使用了保留的编码值', 'Reserved encoding value', '检查了规范编码：出现了保留值。', 'Checked canonical encoding: a reserved value appears.'],
    CBOR_FLOAT: ['出现浮点数', 'Floating-point number', '检查了规范编码：记录中不允许浮点数（数量应为十进制文本）。', 'Checked canonical encoding: floats are not allowed (quantities are decimal text).'],
    CBOR_TAG: ['出现不允许的标签', 'Disallowed tag', '检查了规范编码：出现了不允许的CBOR标签。', 'Checked canonical encoding: a disallowed CBOR tag appears.'],
    CBOR_UNDEFINED: ['出现未定义值', 'Undefined value', '检查了规范编码：出现了undefined值。', 'Checked canonical encoding: an undefined value appears.'],
    CBOR_SIMPLE_VALUE: ['出现不允许的简单值', 'Disallowed simple value', '检查了规范编码：出现了不允许的简单值。', 'Checked canonical encoding: a disallowed simple value appears.'],
    CBOR_INVALID_UTF8: ['文本不是有效的UTF-8', 'Text is not valid UTF-8', '检查了文字编码：某段文本不是有效的UTF-8。', 'Checked text encoding: a string is not valid UTF-8.'],
    CBOR_MAP_KEY_TYPE: ['字段名类型不对', 'Wrong field-name type', '检查了规范编码：字段名不是文本。', 'Checked canonical encoding: a field name is not text.'],
    CBOR_MAP_KEY_ORDER: ['字段顺序不规范', 'Fields out of order', '检查了规范编码：字段没有按规定顺序排列。', 'Checked canonical encoding: fields are not in canonical order.'],
    CBOR_DUPLICATE_KEY: ['字段重复', 'Duplicate field', '检查了规范编码：同一字段出现两次。', 'Checked canonical encoding: a field appears twice.'],
    CBOR_TOO_DEEP: ['嵌套过深', 'Nested too deeply', '检查了记录结构：嵌套层数超过上限。', 'Checked the structure: nesting is deeper than allowed.'],
    CBOR_TOO_LARGE: ['记录过大', 'Record too large', '检查了记录大小：超过上限。', 'Checked the size: the record is larger than allowed.'],
    CBOR_UNSUPPORTED_VALUE: ['无法编码的值', 'Value with no encoding', '检查了记录的值：有一个值无法规范编码。', 'Checked the values: one has no canonical encoding.'],
    CBOR_INT_RANGE: ['整数超出范围', 'Integer out of range', '检查了记录的值：有整数超出允许范围。', 'Checked the values: an integer is out of range.'],
    RECORD_SHAPE: ['记录结构不对', 'Malformed record', '检查了记录的结构：缺少或多出字段。', 'Checked the record\'s structure: fields are missing or extra.'],
    RECORD_VERSION: ['记录版本不支持', 'Unsupported record version', '检查了记录版本：不是支持的版本。', 'Checked the record version: it is not supported.'],
    RECORD_KIND: ['记录类型不对', 'Bad record kind', '检查了记录类型：类型名不合规。', 'Checked the record kind: the name is not valid.'],
    RECORD_REF: ['引用格式不对', 'Malformed reference', '检查了记录的引用：格式不合规。', 'Checked the record\'s references: one is malformed.'],
    RECORD_GENESIS: ['首条记录不对', 'Bad first record', '检查了日志的首条（创世）记录：不合规。', 'Checked the log\'s first (genesis) record: it is not valid.'],
    RECORD_SUITE: ['算法套件不支持', 'Unsupported algorithm suite', '检查了签名算法套件：不受支持。', 'Checked the signature suite: it is not supported.'],
  }),
  ...family(CHAIN, {
    CHAIN_LOG_ID: ['记录属于别的日志', 'Record from another log', '检查了每条记录的日志编号：有记录不属于这本日志。', 'Checked each record\'s log id: one belongs to another log.'],
    CHAIN_SEQ: ['序号不连续', 'Sequence gap', '检查了记录序号：序号不连续（有记录被删除或插入）。', 'Checked sequence numbers: they are not consecutive (a record removed or inserted).'],
    CHAIN_PREV: ['哈希链断开', 'Hash chain broken', '检查了每条记录与前一条的哈希链接：不一致，说明记录在签名后被改动。', 'Checked each record\'s link to the one before: it does not match, so a record was changed after signing.'],
    CHAIN_TIME: ['时间倒流', 'Time goes backwards', '检查了记录时间：后一条记录早于前一条。', 'Checked record times: a record is earlier than the one before.'],
    CHAIN_EMPTY: ['日志为空', 'Empty log', '检查了日志：其中没有记录。', 'Checked the log: it holds no records.'],
  }),
  ...family(SIGNED, {
    CHECKPOINT_SHAPE: ['检查点格式不对', 'Malformed checkpoint', '检查了检查点的格式：不合规。', 'Checked the checkpoint\'s format: it is not valid.'],
    CHECKPOINT_LOG_ID: ['检查点属于别的日志', 'Checkpoint of another log', '检查了检查点的日志编号：与日志不符。', 'Checked the checkpoint\'s log id: it is another log\'s.'],
    CHECKPOINT_SIGNATURE: ['检查点签名无效', 'Checkpoint signature invalid', '用企业公钥核对了检查点签名：不成立。', 'Checked the checkpoint signature with the business\'s key: it does not hold.'],
    CHECKPOINT_ROOT_MISMATCH: ['检查点与记录不符', 'Checkpoint does not match records', '重新计算了记录的默克尔根并与签名的检查点对比：不一致，说明记录在签名后被改动。', 'Recomputed the records\' Merkle root and compared it with the signed checkpoint: they differ, so records were changed after signing.'],
    CHECKPOINT_BEYOND_LOG: ['检查点超出日志', 'Checkpoint beyond the log', '检查了检查点覆盖的范围：比日志中的记录更多（有记录缺失）。', 'Checked what the checkpoint covers: more records than the log holds (records are missing).'],
    CHECKPOINT_EQUIVOCATION: ['两个相互矛盾的检查点', 'Two conflicting checkpoints', '对比了同一日志的检查点：同一位置签了两个不同版本，说明企业出示过两套账。', 'Compared the log\'s checkpoints: two different versions were signed for one size, so the business showed two histories.'],
    COSIGNATURE_SIGNATURE: ['副署签名无效', 'Cosignature invalid', '核对了见证方的副署签名：不成立。', 'Checked the witness\'s cosignature: it does not hold.'],
    LOG_UNSIGNED_TAIL: ['日志末尾未签名', 'Unsigned tail', '检查了日志末尾的记录：最后一个检查点之后的记录没有签名。', 'Checked the end of the log: records after the last checkpoint are not signed.'],
  }),
  ...family(PROOF, {
    PROOF_RANGE: ['证明范围不对', 'Proof out of range', '检查了证明所指的位置：超出日志范围。', 'Checked the position a proof is for: it is outside the log.'],
    PROOF_SIZE: ['证明长度不对', 'Wrong proof size', '检查了证明的长度：与树的大小不符。', 'Checked the proof\'s length: it does not fit the tree\'s size.'],
    PROOF_HASH_LENGTH: ['证明中哈希长度不对', 'Wrong hash length in proof', '检查了证明中的哈希：长度不对。', 'Checked the hashes in the proof: one has the wrong length.'],
    PROOF_ROOT_MISMATCH: ['证明与根不符', 'Proof does not reach the root', '按证明重新计算了根：与签名的根不同。', 'Recomputed the root from the proof: it differs from the signed root.'],
  }),
  ...family(TOOL, {
    KEY_INVALID: ['密钥无效', 'Invalid key', '检查了公钥：不是有效的密钥。', 'Checked a public key: it is not valid.'],
    ARGUMENT_INVALID: ['参数无效', 'Invalid argument', '检查了调用参数：不合规。', 'Checked the arguments given: one is not valid.'],
    STORE_LOCKED: ['存储被占用', 'Store locked', '打开存储时发现它正被另一程序使用。', 'Opening the store found another program using it.'],
    STORE_CORRUPT: ['存储损坏', 'Store corrupt', '读取存储时发现数据损坏。', 'Reading the store found damaged data.'],
    STORE_CHECKPOINT_CONFLICT: ['存储中检查点冲突', 'Checkpoint conflict in store', '保存检查点时与已有检查点冲突。', 'Saving a checkpoint conflicted with one already stored.'],
    STORE_NOT_FOUND: ['找不到存储', 'Store not found', '打开存储时没有找到它。', 'Opening the store did not find it.'],
    STORE_EXISTS: ['存储已存在', 'Store exists', '创建存储时发现已经存在。', 'Creating the store found one already there.'],
    STORE_CLOSED: ['存储已关闭', 'Store closed', '使用存储时它已经关闭。', 'The store was used after it was closed.'],
    STORE_READ_ONLY: ['存储只读', 'Store read-only', '写入时发现存储是只读的。', 'Writing found the store read-only.'],
    STORE_RANGE: ['超出存储范围', 'Out of the store\'s range', '读取了存储中不存在的位置。', 'A position outside the store was read.'],
    STORE_IO: ['读写错误', 'Read/write error', '读写文件时出错。', 'Reading or writing a file failed.'],
    KEY_FILE: ['密钥文件有问题', 'Key file problem', '读取密钥文件时发现问题。', 'Reading a key file found a problem.'],
  }),
  ...family(BUNDLE, {
    BUNDLE_HEADER: ['数据包头不对', 'Bad bundle header', '检查了数据包头：格式不对。', 'Checked the bundle header: it is malformed.'],
    BUNDLE_ITEM: ['数据包条目不对', 'Bad bundle item', '检查了数据包中的条目：格式不对。', 'Checked an item in the bundle: it is malformed.'],
    BUNDLE_TRUNCATED: ['数据包被截断', 'Bundle cut short', '检查了数据包是否完整：在中途结束。', 'Checked the bundle is complete: it ends part way.'],
    BUNDLE_END: ['数据包结尾不对', 'Bad bundle end', '检查了数据包结尾：不合规。', 'Checked the end of the bundle: it is not valid.'],
    BUNDLE_DUPLICATE_LOG: ['同一日志出现两次', 'Log included twice', '检查了包中的日志：同一日志出现两次。', 'Checked the logs in the bundle: one appears twice.'],
    BUNDLE_TRAILING: ['数据包后有多余数据', 'Data after the bundle', '检查了数据包结尾：之后还有多余数据。', 'Checked the end of the bundle: data follows it.'],
    BUNDLE_DUPLICATE_HEAD: ['检查点重复', 'Checkpoint included twice', '检查了包中的检查点：同一检查点出现两次。', 'Checked the bundle\'s checkpoints: one appears twice.'],
    BUNDLE_HEAD_ORDER: ['检查点顺序不对', 'Checkpoints out of order', '检查了包中检查点的顺序：没有按大小排列。', 'Checked the order of the bundle\'s checkpoints: they are not sorted by size.'],
    BUNDLE_NOT_A_BUNDLE: ['不是数据包', 'Not a bundle', '检查了文件开头：这不是溯源数据包。', 'Checked the start of the file: it is not a Suyuan bundle.'],
    BUNDLE_UNREADABLE: ['数据包无法读取', 'Bundle unreadable', '读取数据包文件时出错。', 'Reading the bundle file failed.'],
    BUNDLE_SECTION_LENGTH: ['分段长度不对', 'Wrong section length', '检查了每个分段的长度：与内容不符。', 'Checked each section\'s length: one does not fit its content.'],
    EXCERPT_ORDER: ['摘录顺序不对', 'Excerpt out of order', '检查了摘录的记录顺序：不是按序号排列。', 'Checked the excerpt\'s records: they are not in order.'],
    EXCERPT_PROOF: ['摘录证明不成立', 'Excerpt proof fails', '核对了摘录记录的包含证明：不成立。', 'Checked the excerpt\'s inclusion proof: it does not hold.'],
  }),
  ...family(REFS, {
    REF_LOG_ABSENT: ['引用的日志不在包中', 'Referenced log absent', '查找被引用的上游日志：数据包中没有。', 'Looked for the upstream log referenced: the bundle does not hold it.'],
    REF_TARGET_ABSENT: ['引用的记录不存在', 'Referenced record absent', '查找被引用的上游记录：日志中没有这条记录。', 'Looked for the upstream record referenced: the log does not hold it.'],
    REF_HASH_MISMATCH: ['引用的记录被改动', 'Referenced record differs', '对比了引用中记下的哈希与上游记录：不一致，上游记录在被引用后改变了。', 'Compared the hash in the reference with the upstream record: they differ; the record changed after it was referenced.'],
    REF_UNSIGNED: ['引用了未签名的记录', 'Reference to unsigned record', '检查了被引用的上游记录：它尚未被签名的检查点覆盖。', 'Checked the upstream record referenced: no signed checkpoint covers it yet.'],
  }),
  ...family(POLICY, {
    POLICY_NOT_ENROLLED: ['企业未登记', 'Business not enrolled', '在主管部门的登记记录中查找该企业的密钥：没有找到。', 'Looked for the business\'s key in the authority\'s enrolments: it is not there.'],
    POLICY_ENTERPRISE: ['信用代码与登记不符', 'Credit code differs from enrolment', '对比了日志中的统一社会信用代码与登记：不一致。', 'Compared the log\'s credit code with the enrolment: they differ.'],
    POLICY_NOT_YET_VALID: ['登记尚未生效', 'Enrolment not yet valid', '检查了登记的有效期：记录早于登记生效时间。', 'Checked the enrolment\'s validity: records precede its start.'],
    POLICY_EXPIRED: ['登记已过期', 'Enrolment expired', '检查了登记的有效期：记录晚于登记到期时间。', 'Checked the enrolment\'s validity: records follow its end.'],
    POLICY_REVOKED: ['登记已撤销', 'Enrolment revoked', '检查了撤销记录：该企业的登记已被主管部门撤销。', 'Checked revocations: the authority revoked this enrolment.'],
    POLICY_ROLE: ['超出登记的经营范围', 'Outside the enrolled role', '对比了记录类型与登记的角色：该企业不应记录此类事件。', 'Compared the event with the enrolled role: this business is not enrolled to record it.'],
    POLICY_KEY_REUSED: ['密钥被多家企业使用', 'Key used by several businesses', '检查了登记的密钥：同一密钥登记给了不止一家企业。', 'Checked the enrolled keys: one key is enrolled for more than one business.'],
    POLICY_NAME_MISMATCH: ['名称与登记不符', 'Name differs from enrolment', '对比了日志自称的名称与登记名称：不一致（报告只显示登记名称）。', 'Compared the name the log gives itself with the enrolled name: they differ (the report shows only the enrolled one).'],
    POLICY_BAD_ENROLMENT: ['登记记录不合规', 'Malformed enrolment', '读取了主管部门的登记记录：格式不对。', 'Read the authority\'s enrolment: it is malformed.'],
    POLICY_NO_AUTHORITY: ['没有可信的主管部门日志', 'No trusted authority log', '查找与所信任公钥对应的主管部门日志：数据包中没有。', 'Looked for the authority log of the trusted key: the bundle does not hold it.'],
  }),
  ...family(SHAPE, {
    FOOD_UNKNOWN_KIND: ['未知的事件类型', 'Unknown event kind', '检查了事件类型：不是已知的食品事件。', 'Checked the event kind: it is not a known food event.'],
    FOOD_MISSING_FIELD: ['缺少必填字段', 'Missing field', '检查了必填字段：有一项没有填写。', 'Checked the required fields: one is missing.'],
    FOOD_UNKNOWN_FIELD: ['未知字段', 'Unknown field', '检查了字段：有一项不属于该事件。', 'Checked the fields: one does not belong to this event.'],
    FOOD_WRONG_TYPE: ['字段类型不对', 'Wrong field type', '检查了字段类型：有一项类型不对。', 'Checked field types: one is of the wrong type.'],
    FOOD_BAD_VALUE: ['字段值不对', 'Bad value', '检查了字段的取值：不在允许范围内。', 'Checked a field\'s value: it is not allowed.'],
    FOOD_BAD_QUANTITY: ['数量不对', 'Bad quantity', '检查了数量：不是正的十进制数。', 'Checked a quantity: it is not a positive decimal.'],
    FOOD_BAD_UNIT: ['单位不对', 'Bad unit', '检查了计量单位：不是已知单位。', 'Checked the unit: it is not a known one.'],
    FOOD_BAD_TIME: ['时间不对', 'Bad time', '检查了时间：格式不对或缺少时区。', 'Checked a time: malformed or without its offset.'],
    FOOD_BAD_GTIN: ['商品条码不对', 'Bad GTIN', '检查了商品条码（GTIN）：校验位不对。', 'Checked a GTIN: its check digit is wrong.'],
    FOOD_BAD_GLN: ['位置码不对', 'Bad GLN', '检查了位置码（GLN）：校验位不对。', 'Checked a GLN: its check digit is wrong.'],
    FOOD_BAD_SSCC: ['物流码不对', 'Bad SSCC', '检查了物流单元码（SSCC）：校验位不对。', 'Checked an SSCC: its check digit is wrong.'],
    FOOD_BAD_USCC: ['统一社会信用代码不对', 'Bad credit code', '检查了统一社会信用代码：校验位不对。', 'Checked a unified social credit code: its check character is wrong.'],
    FOOD_BAD_LOT: ['批次号不对', 'Bad lot code', '检查了批次号：格式不对。', 'Checked a lot code: it is malformed.'],
    FOOD_KIND_NAMESPACE: ['事件类型不允许', 'Kind not allowed here', '检查了该日志可以记录的事件类型：此类型不属于它。', 'Checked what this log may record: this kind is not among it.'],
  }),
  ...family(FLOW, {
    FOOD_STAGE_ORDER: ['环节顺序不对', 'Steps out of order', '检查了批次各环节的先后：顺序不合理（例如收获前已销售）。', 'Checked the order of the lot\'s steps: it is not possible (e.g. sold before harvested).'],
    FOOD_RECEIVE_WITHOUT_SHIP: ['收货无对应发货', 'Receipt without shipment', '查找收货对应的上游发货记录：没有找到。', 'Looked for the shipment behind a receipt: there is none.'],
    FOOD_RECEIVE_MISMATCH: ['收货与发货不符', 'Receipt differs from shipment', '对比了收货与发货的批次和数量：不一致。', 'Compared the receipt with the shipment\'s lots and quantities: they differ.'],
    FOOD_YIELD: ['出成率不合理', 'Implausible yield', '对比了加工的投入与产出：超出声明的出成率范围。', 'Compared a transformation\'s inputs and outputs: outside the declared yield.'],
    FOOD_UNIT_MISMATCH: ['单位不一致', 'Units do not match', '对比了同一批次的计量单位：无法换算。', 'Compared the units of one lot: they cannot be converted.'],
    FOOD_CORRECTION_TARGET: ['更正对象不对', 'Bad correction target', '检查了更正记录所指的记录：不存在或不可更正。', 'Checked what a correction points at: absent or not correctable.'],
    FOOD_LOT_REDEFINED: ['批次被重复定义', 'Lot defined twice', '检查了批次来源：同一批次号被创建了两次。', 'Checked where the lot comes from: the same code was created twice.'],
    FOOD_REF_MISSING: ['缺少上游引用', 'Upstream reference missing', '检查了收货记录：没有引用上游发货记录。', 'Checked a receipt: it does not reference the shipment.'],
    FOOD_CYCLE: ['批次关系成环', 'Lots form a cycle', '检查了批次之间的来源关系：形成了环，不可能发生。', 'Checked how lots derive from each other: they form a cycle, which cannot happen.'],
    FOOD_OVERDRAWN: ['出货超过库存', 'More out than in', '核算了批次的进出数量：发出、销售或使用的量超过了收入的量。', 'Balanced the lot\'s quantities: more was shipped, sold or used than came in.'],
  }),
  ...family(SAFETY, {
    FOOD_SAFETY_INTERVAL: ['未过安全间隔期', 'Safety interval not respected', '对比了农药（兽药）使用时间与收获时间：间隔短于登记的安全间隔期，可能有残留超标。', 'Compared when a pesticide (veterinary drug) was used with the harvest: the gap is shorter than its safety interval, so residues may exceed limits.'],
    FOOD_FAILED_TEST: ['检测不合格', 'Failed test', '读取了检测结果：不合格。', 'Read the test result: it failed.'],
    FOOD_NO_CERTIFICATE: ['没有合格证', 'No certificate', '查找批次的承诺达标合格证：没有找到。', 'Looked for the lot\'s compliance certificate (合格证): there is none.'],
    FOOD_AFTER_RECALL: ['召回后仍有流通', 'Moved after recall', '对比了召回时间与后续记录：召回后该批次仍被发出、销售或使用。', 'Compared the recall with later records: the lot was still shipped, sold or used after it.'],
    FOOD_AFTER_RECALL_UPSTREAM: ['上游召回后仍有流通', 'Moved after an upstream recall', '对比了上游批次的召回时间与本批次记录：召回后仍在流通。', 'Compared an upstream lot\'s recall with this lot\'s records: it still moved after it.'],
  }),
};

/** A code's text; codes from newer versions fall back to the code itself. */
export function findingText(code: string, lang: Lang): FindingText {
  return (FINDING_MESSAGES as Record<string, Record<Lang, FindingText>>)[code]?.[lang] ?? { title: code, explain: '' };
}
