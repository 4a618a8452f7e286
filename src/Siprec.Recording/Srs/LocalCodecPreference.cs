using Siprec.Media.Codecs;
using Siprec.Recording.Signalling;

namespace Siprec.Recording.Srs;

/// <summary>The codecs we answer with, in order of preference, each marked with whether this build can decode it.</summary>
internal static class LocalCodecPreference
{
    private static readonly (string Name, int Clock, int Channels)[] Preference =
    [
        ("PCMU", 8000, 1), ("PCMA", 8000, 1), ("G722", 8000, 1), ("opus", 48000, 2), ("L16", 16000, 1), ("L16", 8000, 1), ("G729", 8000, 1),
    ];

    public static IReadOnlyList<LocalAudioCodec> From(AudioCodecRegistry codecs) =>
        Preference
            .Select(p => new LocalAudioCodec(p.Name, p.Clock, p.Channels, codecs.Describe(p.Name, p.Clock, p.Channels).IsAvailable))
            .ToList();
}
