export { pinyinKeys, normalisePinyinQuery, type PinyinKeys } from './pinyin-keys.js';
export { createRollIndex, type RollIndex, type RollIndexVoter, type RollMatchKind, type RollSearchHit } from './roll-index.js';
export { charStrokes, charsWithoutStrokeData, compareByStrokes, strokeSortKey, type CharStrokes } from './stroke-order.js';
