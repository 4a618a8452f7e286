namespace Siprec.Media.AtRest;

/// <summary>What decrypting a file produced.</summary>
/// <param name="Kind">What the plaintext is.</param>
/// <param name="PlaintextBytes">Bytes recovered (PCM data, without the rebuilt WAV header).</param>
/// <param name="Complete">True when the final chunk was found; false for a file cut by a crash or a full disk.</param>
public sealed record DecryptedFile(EncryptedContentKind Kind, long PlaintextBytes, bool Complete);
