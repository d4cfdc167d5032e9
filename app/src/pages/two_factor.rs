//! The second step of a sign-in: the code of the authenticator app, or,
//! at the first sign-in, the enrolment (secret, address for the app,
//! recovery codes) confirmed by a first code.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::two_factor::{second_factor_prompt, VerifySecondFactor};
use crate::components::errors::ErrorPanel;
use crate::components::form::{action_errors, FormAlert, TextField};
use crate::error::AppError;
use crate::model::SecondFactorStep;
use crate::pages::loading;

/// `/connexion/code`.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let step = Resource::new(|| (), |_| second_factor_prompt());
    let verify = ServerAction::<VerifySecondFactor>::new();
    let errors = action_errors(verify.value());
    let form = move |button: &'static str| {
        view! {
            <ActionForm action=verify attr:novalidate=true attr:class="form">
                <FormAlert errors/>
                <TextField name="code" label="Code à 6 chiffres" autocomplete="one-time-code" inputmode="numeric" hint="Le code affiché par votre application d'authentification (ou un code de secours)." required=true errors/>
                <button type="submit" class="button">{button}</button>
            </ActionForm>
        }
    };
    view! {
        <Title text="Code de vérification"/>
        <section class="narrow" aria-labelledby="mfa-title">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(SecondFactorStep::Code) => view! {
                            <h1 id="mfa-title">"Code de vérification"</h1>
                            <p>"Ouvrez votre application d'authentification et saisissez le code affiché pour Proch'Emploi."</p>
                            {form("Valider le code")}
                        }
                        .into_any(),
                        Ok(SecondFactorStep::Enrol { secret, uri, codes }) => view! {
                            <h1 id="mfa-title">"Activer la vérification en deux étapes"</h1>
                            <p>"Votre compte donne accès aux données de candidats : chaque connexion demandera, après le mot de passe, un code d'une application d'authentification (FreeOTP, Aegis, Google Authenticator, Microsoft Authenticator...)."</p>
                            <ol>
                                <li>"Dans l'application, ajoutez un compte avec cette clé : "<code class="secret">{secret}</code>" (ou ouvrez "<a href=uri>"ce lien"</a>" sur le téléphone)."</li>
                                <li>"Notez ces codes de secours et gardez-les en lieu sûr : chacun remplace une fois un code si vous perdez votre téléphone."
                                    <ul class="recovery-codes">{codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                                </li>
                                <li>"Saisissez le premier code affiché par l'application."</li>
                            </ol>
                            {form("Activer et me connecter")}
                        }
                        .into_any(),
                        Err(AppError::Refused(message)) => view! {
                            <h1 id="mfa-title">"Connexion expirée"</h1>
                            <p>{message}</p>
                            <p><a href="/connexion">"Se connecter"</a></p>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
