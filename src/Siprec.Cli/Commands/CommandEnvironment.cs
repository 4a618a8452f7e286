namespace Siprec.Cli.Commands;

/// <summary>What a command writes to and reads its defaults from: the output writers and the environment variables.</summary>
/// <param name="Out">Where results go.</param>
/// <param name="Error">Where errors and hints go.</param>
/// <param name="Variables">Environment variables (<c>SIPREC_SERVER</c>, <c>SIPREC_API_KEY</c>).</param>
public sealed record CommandEnvironment(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string?> Variables);
