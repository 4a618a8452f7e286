namespace Siprec.Recording.Sessions;

/// <summary>One recorded media stream of a session.</summary>
/// <param name="Index">Position of the stream in m-line order.</param>
/// <param name="Label">The SDP <c>a=label</c> value that metadata refers to.</param>
/// <param name="MediaType">SDP media type, normally <c>audio</c>.</param>
public sealed record StreamDescription(int Index, string Label, string MediaType);
