namespace Siprec.Cluster;

/// <summary>Where a session id leads in the directory.</summary>
/// <param name="CallId">The session's Call-ID.</param>
/// <param name="Owner">The owning node's live lease, or null when the lease is gone or belongs to a later start.</param>
/// <param name="OwnerId">The owning node's id as the directory has it.</param>
/// <param name="SinceRenewal">How long ago the owner last renewed its lease, by this node's clock; zero when unknown.</param>
public sealed record SessionOwner(string CallId, NodeInfo? Owner, string OwnerId, TimeSpan SinceRenewal);
