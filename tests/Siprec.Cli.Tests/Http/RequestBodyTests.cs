using Siprec.Cli.Http;

namespace Siprec.Cli.Tests.Http;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(false, false, null, "{}")]
    [InlineData(true, false, null, "{\"pause_recording\":true,\"pause_transcription\":false}")]
    [InlineData(false, true, "pci", "{\"pause_recording\":false,\"pause_transcription\":true,\"reason\":\"pci\"}")]
    [InlineData(true, true, "", "{\"pause_recording\":true,\"pause_transcription\":true}")]
    [InlineData(false, false, "why", "{\"reason\":\"why\"}")]
    public void PauseBody(bool recording, bool transcription, string? reason, string expected) =>
        Assert.Equal(expected, PauseRequest.FromFlags(recording, transcription, reason).ToJson().ToJsonString());

    [Theory]
    [InlineData(false, false, "{}")]
    [InlineData(true, false, "{\"resume_recording\":true,\"resume_transcription\":false}")]
    [InlineData(false, true, "{\"resume_recording\":false,\"resume_transcription\":true}")]
    public void ResumeBody(bool recording, bool transcription, string expected) =>
        Assert.Equal(expected, ResumeRequest.FromFlags(recording, transcription).ToJson().ToJsonString());

    [Theory]
    [InlineData(null, null, null, "")]
    [InlineData("a&b=c", null, null, "?call_id=a%26b%3Dc")]
    [InlineData(null, "Zoë", 0, "?participant=Zo%C3%AB&limit=0")]
    public void RecordingQuery(string? callId, string? participant, int? limit, string expected) =>
        Assert.Equal(expected, new RecordingQuery(callId, participant, limit).ToQueryString());
}
