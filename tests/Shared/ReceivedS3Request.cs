namespace Siprec.Tests.Shared;

/// <summary>One request the fake S3 endpoint received.</summary>
internal sealed record ReceivedS3Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
