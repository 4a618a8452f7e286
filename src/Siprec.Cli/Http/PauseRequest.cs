using System.Text.Json.Nodes;

namespace Siprec.Cli.Http;

/// <summary>What to pause; a null flag is left out of the body so the server's configured default applies.</summary>
public sealed record PauseRequest(bool? Recording, bool? Transcription, string? Reason)
{
    /// <summary>The flags as chosen on the command line: neither means server defaults, one means only that one.</summary>
    public static PauseRequest FromFlags(bool recording, bool transcription, string? reason) =>
        recording || transcription ? new(recording, transcription, reason) : new(null, null, reason);

    /// <summary>The JSON body: <c>pause_recording</c>, <c>pause_transcription</c> and <c>reason</c> when set.</summary>
    public JsonObject ToJson()
    {
        var body = new JsonObject();
        if (Recording is { } recording)
        {
            body["pause_recording"] = recording;
        }

        if (Transcription is { } transcription)
        {
            body["pause_transcription"] = transcription;
        }

        if (!string.IsNullOrEmpty(Reason))
        {
            body["reason"] = Reason;
        }

        return body;
    }
}
