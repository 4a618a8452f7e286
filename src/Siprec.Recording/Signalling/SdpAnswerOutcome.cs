using System.Diagnostics.CodeAnalysis;

namespace Siprec.Recording.Signalling;

/// <summary>Either an SDP answer to send in a 200, or a rejection (488 with a Warning) to send instead.</summary>
public sealed record SdpAnswerOutcome
{
    private SdpAnswerOutcome(SdpAnswer? answer, SignallingRejection? rejection)
    {
        Answer = answer;
        Rejection = rejection;
    }

    /// <summary>The answer, when the offer is acceptable.</summary>
    public SdpAnswer? Answer { get; }

    /// <summary>The rejection, when nothing in the offer is acceptable.</summary>
    public SignallingRejection? Rejection { get; }

    /// <summary>True when <see cref="Answer"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Answer))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Answer is not null;

    /// <summary>An accepted offer.</summary>
    public static SdpAnswerOutcome Accepted(SdpAnswer answer) => new(answer, null);

    /// <summary>A refused offer.</summary>
    public static SdpAnswerOutcome Rejected(SignallingRejection rejection) => new(null, rejection);
}
