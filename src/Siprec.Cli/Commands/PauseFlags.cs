using System.CommandLine;

namespace Siprec.Cli.Commands;

/// <summary>The <c>--recording</c>, <c>--transcription</c> and <c>--reason</c> options of the pause and resume commands.</summary>
public sealed class PauseFlags
{
    /// <summary>Creates the flags; <paramref name="verb"/> (pause or resume) words their help.</summary>
    public PauseFlags(string verb)
    {
        Recording = new Option<bool>("--recording", "-r") { Description = $"{verb} the recording (alone: only the recording)" };
        Transcription = new Option<bool>("--transcription", "-t") { Description = $"{verb} the transcription (alone: only the transcription)" };
    }

    /// <summary><c>--recording</c>.</summary>
    public Option<bool> Recording { get; }

    /// <summary><c>--transcription</c>.</summary>
    public Option<bool> Transcription { get; }

    /// <summary><c>--reason TEXT</c>, recorded with the pause.</summary>
    public Option<string?> Reason { get; } = new("--reason")
    {
        Description = "Why the call is paused; kept in the pause history and audit trail",
        HelpName = "TEXT",
    };
}
