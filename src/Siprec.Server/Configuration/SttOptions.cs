namespace Siprec.Server.Configuration;

/// <summary>Speech-to-text provider settings.</summary>
public sealed class SttOptions
{
    /// <summary>Provider name, or <c>none</c>.</summary>
    public string Provider { get; set; } = "none";

    /// <summary>Recognition language, such as <c>en-US</c>.</summary>
    public string? Language { get; set; }

    /// <summary>Deepgram API key.</summary>
    public string? DeepgramApiKey { get; set; }

    /// <summary>Deepgram streaming endpoint override.</summary>
    public string? DeepgramUrl { get; set; }

    /// <summary>OpenAI API key.</summary>
    public string? OpenAiApiKey { get; set; }

    /// <summary>OpenAI endpoint override.</summary>
    public string? OpenAiUrl { get; set; }

    /// <summary>Google Speech-to-Text endpoint override.</summary>
    public string? GoogleEndpoint { get; set; }
}
