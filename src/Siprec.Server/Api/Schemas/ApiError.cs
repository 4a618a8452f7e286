namespace Siprec.Server.Api.Schemas;

/// <summary>The error format of every endpoint under <c>/api</c>, as the OpenAPI document describes what <see cref="JsonAnswer.Error"/> writes.</summary>
public sealed record ApiError(string Error, int Code);
