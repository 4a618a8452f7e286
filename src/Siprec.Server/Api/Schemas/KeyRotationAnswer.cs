using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>What a key rotation did to the encrypted files under the recording root.</summary>
public sealed record KeyRotationAnswer(
    [property: Description("Id of the current master key every data key is now wrapped under.")] string KeyId,
    [property: Description("Files whose data key was re-wrapped under the current master key (their chunks are untouched).")] int Rewrapped,
    [property: Description("Files already wrapped under the current master key.")] int AlreadyCurrent,
    [property: Description("Files that could not be re-wrapped (unknown master key, altered header, I/O error); each is logged.")] int Failed);
