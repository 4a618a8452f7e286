namespace Siprec.Server.Api.Schemas;

/// <summary>The answer of pause-all and resume-all, as the OpenAPI document describes it.</summary>
public sealed record AllSessionsPauseAnswer(string Message, int Count, IReadOnlyDictionary<string, PauseStatusAnswer> Statuses);
