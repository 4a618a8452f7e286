namespace Siprec.Sip.Messages;

/// <summary>Limits the parser and framer enforce against hostile or broken peers.</summary>
public sealed record SipParserOptions
{
    /// <summary>The defaults: 64 KiB of start line and headers, 256 header fields, 16 MiB of body.</summary>
    public static SipParserOptions Default { get; } = new();

    /// <summary>Most bytes of start line plus header section (leading keep-alive line breaks excluded).</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>Most header fields (after splitting comma-separated lists).</summary>
    public int MaxHeaderCount { get; init; } = 256;

    /// <summary>Most body bytes (Content-Length).</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;
}
