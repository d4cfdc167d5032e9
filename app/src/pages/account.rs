//! The pages of an account's life: forgotten password, new password from
//! the e-mailed link, password change, sign-up confirmation, and the
//! admins' list of accounts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::get_current_user;
use crate::api::account_life::{
    admin_accounts, reset_link_state, ChangePassword, CloseMyAccount, ConfirmAddress,
    RequestPasswordReset, ResetPassword, ResetSecondFactor, SetAccountActive,
};
use crate::components::errors::{set_status, ErrorPanel};
use crate::components::form::{action_errors, CheckboxField, FormAlert, TextField};
use crate::error::AppError;
use crate::model::Role;
use crate::pages::{loaded, loading};

const PASSWORD_HINT: &str =
    "12 caractères au moins, difficile à deviner : une phrase de quelques mots sans rapport entre eux convient.";

/// "Mot de passe oublié ?": asks for the address, answers the same way
/// whether it is known or not.
#[component]
pub fn ForgottenPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.read().get("envoye").is_some();
    let request = ServerAction::<RequestPasswordReset>::new();
    let errors = action_errors(request.value());
    view! {
        <Title text="Mot de passe oublié"/>
        <section class="narrow" aria-labelledby="forgot-title">
            <h1 id="forgot-title">"Mot de passe oublié"</h1>
            <Show when=sent>
                <div class="alert alert-success" role="status">
                    <p>"Si un compte existe avec cette adresse, nous venons de lui envoyer un lien pour choisir un nouveau mot de passe. Il est valable 1 heure."</p>
                </div>
            </Show>
            <p>"Indiquez l'adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe."</p>
            <ActionForm action=request attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <TextField name="email" label="Adresse e-mail" kind="email" autocomplete="email" required=true errors/>
                <button type="submit" class="button">"Recevoir le lien"</button>
            </ActionForm>
            <p><a href="/connexion">"Retour à la connexion"</a></p>
        </section>
    }
}

/// The page of a reset link: the new password, twice.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let live = Resource::new(token, reset_link_state);
    let reset = ServerAction::<ResetPassword>::new();
    let errors = action_errors(reset.value());
    view! {
        <Title text="Nouveau mot de passe"/>
        <section class="narrow" aria-labelledby="reset-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match live.await {
                        Ok(true) => view! {
                            <h1 id="reset-title">"Choisir un nouveau mot de passe"</h1>
                            <ActionForm action=reset attr:novalidate=true attr:class="form">
                                <FormAlert errors/>
                                <input type="hidden" name="token" value=token/>
                                <TextField name="password" label="Nouveau mot de passe" kind="password" autocomplete="new-password" hint=PASSWORD_HINT required=true errors/>
                                <TextField name="password_confirm" label="Confirmez le mot de passe" kind="password" autocomplete="new-password" required=true errors/>
                                <button type="submit" class="button">"Enregistrer le mot de passe"</button>
                            </ActionForm>
                        }
                        .into_any(),
                        Ok(false) | Err(AppError::NotFound) => {
                            set_status(404);
                            view! {
                                <h1 id="reset-title">"Lien non valable"</h1>
                                <p>"Ce lien a expiré, a déjà servi ou n'existe pas. "<a href="/mot-de-passe-oublie">"Demandez un nouveau lien"</a>"."</p>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "Mon compte": the signed-in person changes their password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let query = use_query_map();
    let changed = move || query.read().get("change").is_some();
    let me = Resource::new(|| (), |_| get_current_user());
    let change = ServerAction::<ChangePassword>::new();
    let errors = action_errors(change.value());
    let close = ServerAction::<CloseMyAccount>::new();
    let close_errors = action_errors(close.value());
    view! {
        <Title text="Mon compte"/>
        <section class="narrow" aria-labelledby="account-title">
            <h1 id="account-title">"Mon compte"</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let me = me.await.and_then(|u| u.ok_or(AppError::Unauthenticated));
                    loaded(me, |user| view! {
                        <p>"Connecté avec l'adresse "<strong class="long-word">{user.email.clone()}</strong>"."</p>
                        <Show when=changed>
                            <div class="alert alert-success" role="status">
                                <p>"Votre mot de passe est changé. Vos autres sessions ouvertes ont été fermées."</p>
                            </div>
                        </Show>
                        <h2>"Changer de mot de passe"</h2>
                        <ActionForm action=change attr:novalidate=true attr:class="form">
                            <FormAlert errors/>
                            <TextField name="current_password" label="Mot de passe actuel" kind="password" autocomplete="current-password" required=true errors/>
                            <TextField name="password" label="Nouveau mot de passe" kind="password" autocomplete="new-password" hint=PASSWORD_HINT required=true errors/>
                            <TextField name="password_confirm" label="Confirmez le nouveau mot de passe" kind="password" autocomplete="new-password" required=true errors/>
                            <button type="submit" class="button">"Changer le mot de passe"</button>
                        </ActionForm>
                        {(user.role == Role::Company).then(|| view! {
                            <h2>"Les données de l'entreprise"</h2>
                            <p>"L'entreprise, ses utilisateurs, ses offres, ses demandes d'accompagnement et ses participations aux événements, dans un fichier que vous gardez."</p>
                            <p><a class="button button-secondary" href="/entreprise/donnees.json" download="donnees-entreprise.json">"Télécharger les données de l'entreprise (JSON)"</a></p>
                            <h2>"Fermer mon compte"</h2>
                            <p>"Votre nom et votre adresse sont effacés et vous ne pourrez plus vous connecter. Les offres, les demandes et l'historique de l'entreprise restent suivis par la plateforme, même si vous êtes la dernière personne de l'entreprise à avoir un compte."</p>
                            <ActionForm action=close attr:novalidate=true attr:class="form">
                                <FormAlert errors=close_errors/>
                                <TextField name="close_password" label="Votre mot de passe" kind="password" autocomplete="current-password" required=true errors=close_errors/>
                                <CheckboxField name="confirm_close" label="Je comprends que la fermeture de mon compte est définitive" errors=close_errors/>
                                <button type="submit" class="button button-danger">"Fermer mon compte"</button>
                            </ActionForm>
                        })}
                    }.into_any())
                })}
            </Suspense>
        </section>
    }
}

/// After a sign-up: check the mailbox.
#[component]
pub fn SignupSentPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let claim = move || query.read().get("demande").is_some();
    view! {
        <Title text="Vérifiez votre boîte mail"/>
        <Show when=claim>
            <section class="narrow" aria-labelledby="claim-title">
                <h1 id="claim-title">"Votre demande d'accès est transmise"</h1>
                <p>"Votre entreprise est déjà connue de la plateforme : son équipe l'a enregistrée avec vous. Elle vérifie votre demande et vous ouvre l'accès à son espace ; vous recevrez alors un e-mail pour confirmer votre adresse."</p>
            </section>
        </Show>
        <section class="narrow" aria-labelledby="sent-title" hidden=claim>
            <h1 id="sent-title">"Vérifiez votre boîte mail"</h1>
            <p>"Nous venons d'envoyer un e-mail à l'adresse indiquée. Suivez le lien qu'il contient (valable 48 heures) pour activer l'espace de votre entreprise."</p>
            <p>"Rien reçu après quelques minutes ? Regardez dans les indésirables, ou "<a href="/mot-de-passe-oublie">"demandez un lien de connexion par « mot de passe oublié »"</a>"."</p>
        </section>
    }
}

/// The page of a sign-up's confirmation link: one button confirms (a link
/// opened by a mail scanner confirms nothing).
#[component]
pub fn ConfirmSignupPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let confirm = ServerAction::<ConfirmAddress>::new();
    let errors = action_errors(confirm.value());
    let refused = move || matches!(errors.get(), Some(AppError::NotFound));
    view! {
        <Title text="Confirmer mon adresse"/>
        <section class="narrow" aria-labelledby="confirm-title">
            <h1 id="confirm-title">"Activer l'espace de votre entreprise"</h1>
            <Show when=refused fallback=move || view! {
                <ActionForm action=confirm attr:class="form">
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="button">"Confirmer mon adresse"</button>
                </ActionForm>
            }>
                <div class="alert alert-error" role="alert">
                    <p>"Ce lien a expiré, a déjà servi ou n'existe pas. Si votre adresse est déjà confirmée, "<a href="/connexion">"connectez-vous"</a>"."</p>
                </div>
            </Show>
        </section>
    }
}

/// Admins: every account, with deactivation (sessions end at once).
#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    let set = ServerAction::<SetAccountActive>::new();
    let reset = ServerAction::<ResetSecondFactor>::new();
    let accounts = Resource::new(
        move || (set.version().get(), reset.version().get()),
        |_| admin_accounts(),
    );
    let errors = action_errors(set.value());
    let query = use_query_map();
    let reset_done = move || {
        query.read().get("double-authentification").is_some()
            || matches!(reset.value().get(), Some(Ok(())))
    };
    view! {
        <Title text="Comptes"/>
        <section aria-labelledby="accounts-title">
            <h1 id="accounts-title">"Comptes"</h1>
            <Show when=reset_done>
                <div class="alert alert-success" role="status">
                    <p>"La vérification en deux étapes est réinitialisée : à sa prochaine connexion, la personne en activera une nouvelle. Ses sessions ouvertes sont fermées."</p>
                </div>
            </Show>
            <FormAlert errors/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    loaded(accounts.await, |lines| view! {
                        <table class="table">
                            <caption>"Tous les comptes du portail"</caption>
                            <thead><tr><th scope="col">"Nom"</th><th scope="col">"Adresse"</th><th scope="col">"Rôle"</th><th scope="col">"Structure"</th><th scope="col">"État"</th><th scope="col">"Action"</th></tr></thead>
                            <tbody>
                                {lines.into_iter().map(|a| {
                                    let label = if a.active { format!("Désactiver : {}", a.full_name) } else { format!("Réactiver : {}", a.full_name) };
                                    let next = if a.active { "0" } else { "1" };
                                    let reset_label = format!("Réinitialiser la double authentification : {}", a.full_name);
                                    let has_second_factor = a.role != crate::model::Role::Company.label();
                                    view! {
                                        <tr>
                                            <td>{a.full_name.clone()}</td>
                                            <td>{a.email.clone()}</td>
                                            <td>{a.role.clone()}</td>
                                            <td>{a.place.clone()}</td>
                                            <td>{if a.active { "Actif" } else { "Désactivé" }}</td>
                                            <td>
                                                <ActionForm action=set>
                                                    <input type="hidden" name="user_id" value=a.id.to_string()/>
                                                    <input type="hidden" name="active" value=next/>
                                                    <button type="submit" class="button button-secondary" aria-label=label.clone()>{if a.active { "Désactiver" } else { "Réactiver" }}</button>
                                                </ActionForm>
                                                {has_second_factor.then(|| view! {
                                                    <ActionForm action=reset>
                                                        <input type="hidden" name="user_id" value=a.id.to_string()/>
                                                        <button type="submit" class="link-button" aria-label=reset_label.clone()>"Réinitialiser la double authentification"</button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any())
                })}
            </Suspense>
        </section>
    }
}

/// After a company user closed their account.
#[component]
pub fn AccountClosedPage() -> impl IntoView {
    let query = use_query_map();
    let last = move || query.read().get("derniere").is_some();
    view! {
        <Title text="Compte fermé"/>
        <section class="narrow" aria-labelledby="closed-title">
            <h1 id="closed-title">"Votre compte est fermé"</h1>
            <div class="alert alert-success" role="status">
                <p>"Votre nom et votre adresse e-mail ont été effacés ; vous ne pouvez plus vous connecter avec ce compte."</p>
            </div>
            <Show when=last>
                <p>"Vous étiez la dernière personne de l'entreprise à avoir un compte : ses offres et son historique restent à la plateforme, qui peut inviter une autre personne de l'entreprise."</p>
            </Show>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}
