using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>One page of finished recordings, as the OpenAPI document describes the answer of <c>GET /api/recordings</c>.</summary>
public sealed record RecordingListAnswer(
    [property: Description("Recordings on this page.")] int Count,
    [property: Description("Recordings matching the filters, on every page.")] int Total,
    int Limit,
    int Offset,
    IReadOnlyList<RecordingAnswer> Recordings);
