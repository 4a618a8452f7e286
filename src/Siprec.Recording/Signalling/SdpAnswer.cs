using Siprec.Sip.Sdp;

namespace Siprec.Recording.Signalling;

/// <summary>Our SDP answer and, per m-line in offer order, what it agreed to.</summary>
/// <param name="Description">The answer as a session description.</param>
/// <param name="Streams">One entry per offered m-line, in order.</param>
public sealed record SdpAnswer(SdpSessionDescription Description, IReadOnlyList<AnsweredStream> Streams)
{
    /// <summary>The answer as SDP text, ready to be a response body.</summary>
    public string Text => Description.ToString();

    /// <summary>The <c>o=</c> session version of this answer.</summary>
    public ulong Version => Description.Origin.SessionVersion;
}
