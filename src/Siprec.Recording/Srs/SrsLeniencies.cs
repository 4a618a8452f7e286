using Microsoft.Extensions.Logging;
using Siprec.Recording.Metadata;

namespace Siprec.Recording.Srs;

/// <summary>Logs each leniency a call needed once, at debug level, however many requests of the call need it again.</summary>
internal static partial class SrsLeniencies
{
    /// <summary>Logs those of <paramref name="seen"/> that <paramref name="call"/> has not needed before.</summary>
    public static void Note(SrsCall call, MetadataLeniency seen, ILogger logger)
    {
        var fresh = call.NoteLeniencies(seen);
        if (fresh == MetadataLeniency.None || !logger.IsEnabled(LogLevel.Debug))
            return;
        foreach (var leniency in Enum.GetValues<MetadataLeniency>())
        {
            if (leniency != MetadataLeniency.None && fresh.HasFlag(leniency))
                Log.Tolerated(logger, call.Session.Id, leniency, Describe(leniency));
        }
    }

    private static string Describe(MetadataLeniency leniency) => leniency switch
    {
        MetadataLeniency.StreamWithoutId => "a metadata stream has no stream_id and is matched to its m-line by label",
        MetadataLeniency.ParticipantWithoutId => "a metadata participant has no participant_id",
        MetadataLeniency.PlaceholderParticipant => "a placeholder participant stands in until real metadata arrives",
        _ => "the metadata streams and the SDP's labelled m-lines differ",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 16, Level = LogLevel.Debug, Message = "Tolerated for {SessionId} ({Leniency}): {Description}; SIPREC_STRICT=true would refuse it")]
        public static partial void Tolerated(ILogger logger, string sessionId, MetadataLeniency leniency, string description);
    }
}
