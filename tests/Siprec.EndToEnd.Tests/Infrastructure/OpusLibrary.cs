using Siprec.Media.Codecs;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Whether libopus can be loaded here, and the skip reason when it cannot.</summary>
public static class OpusLibrary
{
    /// <summary>Null when libopus loads; otherwise why Opus tests are skipped.</summary>
    public static string? MissingReason { get; } =
        new AudioCodecRegistry().Describe("opus", 48000, 2) is { IsAvailable: false } support
            ? $"libopus is not installed (apt-get install libopus0): {support.UnavailableReason}"
            : null;
}
