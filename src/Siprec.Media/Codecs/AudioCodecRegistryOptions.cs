namespace Siprec.Media.Codecs;

/// <summary>Options of <see cref="AudioCodecRegistry"/>.</summary>
public sealed record AudioCodecRegistryOptions
{
    /// <summary>Name or path of the native Opus library loaded on first use of an Opus format.</summary>
    public string OpusLibraryName { get; init; } = "libopus.so.0";
}
