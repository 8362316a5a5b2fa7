// Reasoning state from a non-Anthropic upstream (OpenAI Responses `encrypted_content`, which
// /responses needs back on the next turn with `store:false`) has one place in an Anthropic
// thinking block that clients return verbatim: its `signature`. It rides there behind a prefix
// and is opened again when the client sends the block back. A Claude upstream never sees it:
// encode-request drops reasoning that has no real Anthropic signature.
export const ENCRYPTED_SIGNATURE_PREFIX = 'gwenc1:';

/** The signature to show an Anthropic client for a reasoning part or event. */
export function signatureFor(p: { signature?: string; encryptedContent?: string }): string | undefined {
  if (p.signature) return p.signature;
  if (p.encryptedContent) return ENCRYPTED_SIGNATURE_PREFIX + p.encryptedContent;
  return undefined;
}

/** A signature a client sent back → the opaque state it stands for. */
export function opaqueFromSignature(signature: string): { signature: string } | { encryptedContent: string } {
  if (signature.startsWith(ENCRYPTED_SIGNATURE_PREFIX))
    return { encryptedContent: signature.slice(ENCRYPTED_SIGNATURE_PREFIX.length) };
  return { signature };
}
