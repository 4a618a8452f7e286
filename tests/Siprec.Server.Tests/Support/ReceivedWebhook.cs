namespace Siprec.Server.Tests.Support;

public sealed record ReceivedWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers, bool AnsweredWithError);
