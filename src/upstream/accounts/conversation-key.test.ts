import { describe, expect, it } from 'vitest';
import {
  anthropicConversationKey,
  chatConversationKey,
  claudeSessionOf,
  responsesConversationKey,
} from './conversation-key.js';

describe('conversation keys', () => {
  it("takes only the session part of Claude Code's metadata.user_id", () => {
    const legacy = 'user_0123abcd_account_11111111-2222-3333-4444-555555555555_session_aaaa-bbbb';
    expect(claudeSessionOf(legacy)).toBe('aaaa-bbbb');
    expect(claudeSessionOf(JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: 's1' }))).toBe(
      's1',
    );
    expect(claudeSessionOf('plain-user')).toBeUndefined();
    const a = anthropicConversationKey({ metadata: { user_id: legacy } }, {});
    const b = anthropicConversationKey({ metadata: { user_id: legacy.replace('aaaa', 'cccc') } }, {});
    expect(a).toMatch(/^cc:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('aaaa');
  });

  it('prefers x-interaction-id, then the body, then session headers', () => {
    const body = { prompt_cache_key: 'conv-1' };
    expect(responsesConversationKey(body, { 'x-interaction-id': 'i' })).toMatch(/^ia:/);
    expect(responsesConversationKey(body, { session_id: 's' })).toMatch(/^pck:/);
    expect(responsesConversationKey({}, { session_id: 's' })).toMatch(/^sess:/);
    expect(responsesConversationKey({ previous_response_id: 'resp_1' }, {})).toMatch(/^resp:/);
    expect(chatConversationKey({}, {})).toBeUndefined();
    expect(chatConversationKey(body, {})).toBe(responsesConversationKey(body, {}));
  });
});
