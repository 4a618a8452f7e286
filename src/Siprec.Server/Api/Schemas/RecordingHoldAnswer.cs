using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>The legal hold state of a recording after a hold or release.</summary>
public sealed record RecordingHoldAnswer(
    [property: Description("The recording's id in the index.")] string Id,
    [property: Description("True while the recording is under legal hold: retention never deletes it.")] bool Held);
