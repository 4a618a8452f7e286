using System.Text.Json.Nodes;

namespace Siprec.Cli.Http;

/// <summary>What to resume; a null flag is left out of the body, and the server then resumes it.</summary>
public sealed record ResumeRequest(bool? Recording, bool? Transcription)
{
    /// <summary>The flags as chosen on the command line: neither means both, one means only that one.</summary>
    public static ResumeRequest FromFlags(bool recording, bool transcription) =>
        recording || transcription ? new(recording, transcription) : new(null, null);

    /// <summary>The JSON body: <c>resume_recording</c> and <c>resume_transcription</c> when set.</summary>
    public JsonObject ToJson()
    {
        var body = new JsonObject();
        if (Recording is { } recording)
        {
            body["resume_recording"] = recording;
        }

        if (Transcription is { } transcription)
        {
            body["resume_transcription"] = transcription;
        }

        return body;
    }
}
