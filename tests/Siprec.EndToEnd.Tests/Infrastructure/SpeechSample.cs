namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>The two different spoken phrases used as the two legs of a call.</summary>
public enum SpeechSample
{
    /// <summary>A male American voice: the first participant.</summary>
    First,

    /// <summary>A female British voice with another text: the second participant.</summary>
    Second,
}
