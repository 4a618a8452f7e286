using System.Diagnostics.CodeAnalysis;

namespace Siprec.Recording.Signalling;

/// <summary>Either the interpreted request, or the final response that refuses it.</summary>
public sealed record RecordingOfferOutcome
{
    private RecordingOfferOutcome(RecordingOffer? offer, SignallingRejection? rejection)
    {
        Offer = offer;
        Rejection = rejection;
    }

    /// <summary>The interpreted request, when acceptable.</summary>
    public RecordingOffer? Offer { get; }

    /// <summary>The refusal (400, 403, 415 or 420), when not.</summary>
    public SignallingRejection? Rejection { get; }

    /// <summary>True when <see cref="Offer"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Offer))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Offer is not null;

    /// <summary>An acceptable request.</summary>
    public static RecordingOfferOutcome Accepted(RecordingOffer offer) => new(offer, null);

    /// <summary>A refused request.</summary>
    public static RecordingOfferOutcome Rejected(SignallingRejection rejection) => new(null, rejection);
}
